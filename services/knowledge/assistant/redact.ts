/** Strips identity numbers, phone numbers and e-mail addresses from text kept in logs. */
const PATTERNS: readonly [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]'],
  // Home Return Permit (H/M + 8 or 10 digits), Mainland resident ID (18 characters), HKID (A123456(7)).
  [/\b[HM]\d{8}(\d{2})?\b/g, '[id number]'],
  [/\b\d{17}[\dXx]\b/g, '[id number]'],
  [/\b[A-Z]{1,2}\d{6}\s*(\([\dA]\)|[\dA]\b)/gi, '[id number]'],
  [/(\+?\d[\d\s-]{6,}\d)/g, '[phone]'],
];

/** What the masks replaced is gone; the masks themselves say nothing about the question either. */
export const withoutPersonalData = (text: string): string => redact(text).replace(/\[(e-mail|id number|phone)\]/g, ' ');

export function redact(text: string): string {
  return PATTERNS.reduce((t, [pattern, mask]) => t.replace(pattern, mask), text);
}
