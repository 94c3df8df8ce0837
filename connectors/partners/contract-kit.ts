/**
 * Building blocks for partner contracts (zod). A failed check carries the reason code of the dead
 * letter it causes (`params.reason`), so a rejection says exactly what was wrong with which field.
 */
import { z } from 'zod';
import { ID_FORMS } from '../../schema/domain/common.js';
import { registerFastCheck } from '../../schema/fast-parse.js';
import { INPUT_LIMITS } from '../../schema/input-limits.js';

export const STRING_LIMIT = 65_536;

const reason = (code: string) => ({ params: { reason: code } });

/** RFC 3339 with an offset, as Hong Kong systems send; a day-first date is named as such. */
export const hkTimestamp = z
  .string()
  .superRefine((value, ctx) => {
    // The valid case first: one check for almost every value.
    if (isRfc3339(value)) return;
    if (/^\d{2}\/\d{2}\/\d{4}/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `HK payload dates must be ISO 8601 (got dd/MM/yyyy: ${value})`,
        ...reason('INVALID_PAYLOAD_DATE_FORMAT'),
      });
    } else {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is not an RFC 3339 timestamp`,
        ...reason('INVALID_PAYLOAD_DATE'),
      });
    }
  })
  .meta({ format: 'date-time', description: 'RFC 3339 with an offset' });

/** `yyyy-MM-dd`, as both dialects send a date without a time. */
export const calendarDate = z
  .string()
  .superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${value} is not yyyy-MM-dd`, ...reason('INVALID_PAYLOAD_DATE_FORMAT') });
    } else if (!isCalendarDate(value)) {
      ctx.addIssue({ code: 'custom', message: `${value} is not a calendar date`, ...reason('INVALID_PAYLOAD_DATE') });
    }
  })
  .meta({ format: 'date' });

/** `yyyy-MM-dd HH:mm:ss` in China Standard Time, as Mainland systems send. */
export const cnDateTime = z
  .string()
  .superRefine((value, ctx) => {
    const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: `${value} is not yyyy-MM-dd HH:mm:ss`,
        ...reason('INVALID_PAYLOAD_DATE_FORMAT'),
      });
    } else if (!isCalendarDate(m[1] as string) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) {
      ctx.addIssue({ code: 'custom', message: `${m[1]} is not a calendar date`, ...reason('INVALID_PAYLOAD_DATE') });
    }
  })
  .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$', description: 'China Standard Time (UTC+8)' });

const hasText = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/** Hong Kong text: English and Traditional Chinese, both required. */
export const hkText = z
  .unknown()
  .superRefine((value, ctx) => {
    const v = (value ?? {}) as Record<string, unknown>;
    if (typeof value === 'object' && value !== null && hasText(v.en) && hasText(v.zhHant)) return;
    const missing = ['en', 'zhHant'].filter((k) => !hasText(v[k]));
    ctx.addIssue({
      code: 'custom',
      message: `HK text must have both en and zhHant (missing ${missing.join(', ') || 'the object'})`,
      ...reason('MISSING_LOCALE'),
    });
  })
  // What the check above enforces, for the JSON Schema of the AsyncAPI document.
  .meta({
    type: 'object',
    required: ['en', 'zhHant'],
    properties: {
      en: { type: 'string', minLength: 1 },
      zhHant: { type: 'string', minLength: 1 },
      zhHans: { type: 'string' },
    },
  }) as unknown as z.ZodType<{ en: string; zhHant: string }>;

const ID_SHAPES: Readonly<Record<keyof typeof ID_FORMS, string>> = {
  slug: 'lower-case ASCII letters and digits in hyphen-separated parts (e.g. svc-hk-td-direct-issue-dl)',
  person: 'p- and at least four ASCII digits (e.g. p-0001)',
  case: 'case- and at least four ASCII digits (e.g. case-0001)',
  consent: 'con- and lower-case ASCII letters and digits in hyphen-separated parts (e.g. con-0001)',
};

/**
 * An id of one of the platform's records as a partner names it (a consent, a person, a case, a service,
 * an agency, an announcement, a practice, a purpose, a topic): the platform's own form of that id
 * (schema/domain/common.ts ID_FORMS), at most INPUT_LIMITS.id characters, as the API takes ids; anything
 * else is MALFORMED_ID, its message naming the form and not repeating the value. Found by probe 12 rows
 * 51, 52 and 67: iAM Smart's grants `con-0003 ` (p-0006's id and a space), `соn-0003` (Cyrillic) and
 * `con-p12 spaced  ACTIVE` were applied as consents of their own, and a revocation whose consentId was a
 * sentence was written, refused, into the resident's audit trail. Refused at validation, before anything
 * is judged, such an event is no consent attempt: its dead letter is its only record.
 */
export function idOf(what: string, form: keyof typeof ID_FORMS) {
  const pattern = ID_FORMS[form];
  const valid = (v: unknown): v is string => typeof v === 'string' && v.length <= INPUT_LIMITS.id && pattern.test(v);
  return registerFastCheck(
    z
      .string()
      .superRefine((value, ctx) => {
        if (valid(value)) return;
        ctx.addIssue({
          code: 'custom',
          message: `is not ${what} id: ${ID_SHAPES[form]}, at most ${INPUT_LIMITS.id} characters`,
          ...reason('MALFORMED_ID'),
        });
      })
      // What the check above enforces, for the JSON Schema of the AsyncAPI document.
      .meta({ pattern: pattern.source, maxLength: INPUT_LIMITS.id }),
    valid,
  );
}

/** A value that must be a key of a code table; anything else is an unknown code. */
export function code<T>(table: Readonly<Record<string, T>>, what: string, reasonCode = 'SCHEMA_UNKNOWN_CODE') {
  return registerFastCheck(
    z
      .union([z.string(), z.number()])
      .superRefine((value, ctx) => {
        if (!Object.hasOwn(table, String(value))) {
          ctx.addIssue({ code: 'custom', message: `${what} ${value} is not in the code table`, ...reason(reasonCode) });
        }
      })
      // The codes, for the JSON Schema of the AsyncAPI document (numeric codes may come as numbers).
      .meta({ enum: Object.keys(table).flatMap((k) => (/^\d+$/.test(k) ? [k, Number(k)] : [k])) }),
    // What passes the check above with no issue (schema/fast-parse.ts), as for the types below.
    (v) => (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) && Object.hasOwn(table, String(v)),
  );
}

export const lookup = <T>(table: Readonly<Record<string, T>>, value: string | number): T => table[String(value)] as T;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `yyyy-MM-dd` (already matched as such) names a day of the Gregorian calendar; counted, no Date made. */
export function isCalendarDate(value: string): boolean {
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  // Years before 100 stay refused, as when Date.UTC checked this (it read them as 19yy).
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

export function isRfc3339(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(value);
  return !!m && isCalendarDate(m[1] as string) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

/** `2026-01-08 00:00:00` (CST) → `2026-01-08T00:00:00+08:00`. */
export const cstToRfc3339 = (value: string): string => `${value.replace(' ', 'T')}+08:00`;

// What passes each custom type's check with no issue: the pipeline's parse of the valid case
// (schema/fast-parse.ts) keeps such a value as it is and leaves every other to zod, which names it.
registerFastCheck(hkTimestamp, (v) => typeof v === 'string' && isRfc3339(v));
registerFastCheck(calendarDate, (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v));
registerFastCheck(cnDateTime, (v) => {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(v) : null;
  return !!m && isCalendarDate(m[1] as string) && Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59;
});
registerFastCheck(
  hkText,
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    hasText((v as { en?: unknown }).en) &&
    hasText((v as { zhHant?: unknown }).zhHant),
);
