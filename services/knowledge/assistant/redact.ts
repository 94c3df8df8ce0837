/**
 * Strips identity numbers, phone numbers and e-mail addresses from text kept in logs, written in
 * half-width or full-width characters (Ａ１２３４５６(７), ９１２３ ４５６７) as Chinese keyboards type
 * them, and e-mail addresses whose dots are written 。, ． or ｡ (me@example。org).
 */
const DIGIT = '[0-9０-９]';
const LETTER = 'A-Za-zＡ-Ｚａ-ｚ';
/** Not preceded or followed by a letter or digit of either width (\b knows only ASCII). */
const START = `(?<![${LETTER}0-9０-９])`;
const END = `(?![${LETTER}0-9０-９])`;
const NAME = `[${LETTER}0-9０-９_%+\\-－]`;
const DOT = '[.。．｡]';

const PATTERNS: readonly [RegExp, string][] = [
  [new RegExp(`${NAME}+(?:${DOT}${NAME}+)*[@＠]${NAME}+(?:${DOT}${NAME}+)+`, 'g'), '[e-mail]'],
  // Home Return Permit (H/M + 8 or 10 digits).
  [new RegExp(`${START}[HMＨＭhm]${DIGIT}{8}(?:${DIGIT}{2})?${END}`, 'g'), '[id number]'],
  // Mainland resident ID (18 characters).
  [new RegExp(`${START}${DIGIT}{17}[0-9０-９XxＸｘ]${END}`, 'g'), '[id number]'],
  // HKID: one or two letters, six digits, a check digit or A, in brackets of either width or not.
  [
    new RegExp(`${START}[${LETTER}]{1,2}${DIGIT}{6}\\s*(?:[(（][0-9０-９AaＡａ][)）]|[0-9０-９AaＡａ]${END})`, 'g'),
    '[id number]',
  ],
  [new RegExp(`[+＋]?${DIGIT}[0-9０-９\\s\\-－]{6,}${DIGIT}`, 'g'), '[phone]'],
];

/** What the masks replaced is gone; the masks themselves say nothing about the question either. */
export const withoutPersonalData = (text: string): string => redact(text).replace(/\[(e-mail|id number|phone)\]/g, ' ');

export function redact(text: string): string {
  return PATTERNS.reduce((t, [pattern, mask]) => t.replace(pattern, mask), text);
}
