import { replacePersonal } from '../shared/personal-text.js';

/**
 * Personal values in an event shown to operators are masked: they need the shape of a rejected event
 * and its reason, not the resident's data. Keys of both dialects that carry personal values are
 * masked wherever they appear; anything under a personal-data object is masked whole.
 */
const PERSONAL_KEYS = new Set([
  // Hong Kong camelCase and the platform's own.
  'name',
  'idNumber',
  'idNumberMasked',
  'phone',
  'email',
  'address',
  'subjectId',
  'applicantRef',
  'subjectRef',
  // Mainland pinyin.
  'xingming',
  'zhengjian_hm',
  'shouji',
  'dianhua',
  'youxiang',
  'dizhi',
  'zhuti_bh',
  'shouquanren_bh',
  'shenqingren_bh',
]);
const PERSONAL_OBJECTS = new Set(['personalData', 'applicant', 'geren_xinxi']);

/** Every character but the first (and any check digit in brackets) becomes `•`: the length stays visible. */
export const maskValue = (value: string): string =>
  value.length <= 1 ? '•' : `${value[0]}${'•'.repeat(value.length - 1)}`;

function maskAll(value: unknown): unknown {
  if (typeof value === 'string') return maskValue(value);
  if (Array.isArray(value)) return value.map(maskAll);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v)]));
  return value;
}

/** A copy of a JSON value with personal values masked (categories and codes under them stay readable). */
export function maskPersonal(value: unknown, personal = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPersonal(v, personal));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (PERSONAL_KEYS.has(k)) return [k, maskAll(v)];
        return [k, maskPersonal(v, personal || PERSONAL_OBJECTS.has(k))];
      }),
    );
  return value;
}

/** The message body for an operator: masked JSON, or a note on bytes that are not JSON. */
export function maskedBody(bytes: Buffer): string {
  try {
    return JSON.stringify(maskPersonal(JSON.parse(bytes.toString('utf8'))), null, 2);
  } catch {
    return `(${bytes.length} bytes, not JSON: not shown)`;
  }
}

/**
 * A dead letter's message for an operator: the reason may quote the event (the person it concerns, a
 * number or an address it carries), so those are masked as the body's values are.
 */
export const maskedMessage = (message: string): string =>
  replacePersonal(message, { person: maskValue, email: maskValue, number: maskValue });
