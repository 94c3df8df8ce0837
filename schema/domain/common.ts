/**
 * Shared building blocks of the canonical model. Every record people read carries LocalizedText and
 * provenance (`sourceUrl`, `synthetic`), so an official can always tell a sourced figure from an
 * illustrative one.
 */
import { z } from 'zod';

export const JURISDICTION_IDS = ['HK', 'SZ', 'GZ', 'GD', 'MO'] as const;
export const JurisdictionId = z.enum(JURISDICTION_IDS);
export type JurisdictionId = z.infer<typeof JurisdictionId>;

/** Text meant for people, in English, Traditional Chinese (HK usage) and Simplified Chinese (Mainland usage). */
export const LocalizedText = z.object({
  en: z.string().min(1),
  zhHant: z.string().min(1),
  zhHans: z.string().min(1),
  /** The script OpenCC derived from the other when the author wrote only one (schema/authored-text.ts). */
  machineConverted: z.enum(['zhHant', 'zhHans']).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * The forms of the platform's ids, ASCII only: a partner's event naming a record must name it so
 * (connectors/partners/contract-kit.ts `idOf`). `\d` is ASCII in JavaScript, with or without `u`.
 */
export const ID_FORMS = {
  /** Kebab-case: agencies, services, announcements, practices, purposes, topics. */
  slug: /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
  person: /^p-\d{4,}$/,
  case: /^case-\d{4,}$/,
  /**
   * `con-` and a kebab-case rest: the seed's `con-0001`, grantConsent's `con-` and a UUID, an approved
   * request's `con-creq-…` (services/graph/consent-granter.ts isPlatformConsentId).
   */
  consent: /^con-[a-z0-9]+(?:-[a-z0-9]+)*$/,
} as const;

/** Kebab-case identifier, e.g. `hk-td` or `svc-hk-td-direct-issue-dl`. */
export const Slug = z.string().regex(ID_FORMS.slug, 'must be lower-case kebab-case, e.g. "hk-td"');

export const Url = z.url({ protocol: /^https?$/ });

/** ISO 8601 calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();
/** RFC 3339 timestamp with an offset, e.g. `2026-01-20T09:12:00+08:00`. */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * Orders two timestamps by the instant they name, newest first. Timestamps keep the offset they were
 * given (+08:00 from the data set and partners, Z from the API), so their text does not sort by time:
 * 2026-12-01T03:33+08:00 is earlier than 2026-11-30T19:37Z.
 */
export const newestFirst = (a: string, b: string): number => Date.parse(b) - Date.parse(a);

export const Provenance = z.object({
  sourceUrl: Url.nullable(),
  synthetic: z.boolean(),
});

/**
 * The write request a record came from: a digest of its input and the caller's idempotency key, so a
 * request sent twice returns the first record instead of making a second (services/shared/idempotency.ts).
 */
export const RequestMark = z.object({ digest: z.string().min(1), key: z.string().nullable() });
export type RequestMark = z.infer<typeof RequestMark>;

/** The official who wrote a record: the token's username, agency and jurisdiction. */
export const Author = z.object({
  username: z.string().min(1),
  agency: Slug,
  jurisdiction: JurisdictionId,
});
export type Author = z.infer<typeof Author>;
