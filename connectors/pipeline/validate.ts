/**
 * The first stage: a decoded CloudEvent checked against the envelope rules, the partner catalogue
 * and its type's contract, then mapped to the canonical model. Every failure names the field and
 * the reason, with the dead-letter reason code of deploy/seed/gba/README.md.
 */
import type { z } from 'zod';
import { canonical } from '../../services/consent/audit/canonical.js';
import { sha256Hex } from '../../services/shared/sha256.js';
import { codePointName, UNSAFE_KIND, unsafeCharacterPattern } from '../../services/shared/unsafe-characters.js';
import type { CanonicalEvent } from '../partners/canonical-event.js';
import { type Dialect, EVENT_TYPES, type PartnerSystem, partnerBySource } from '../partners/catalogue.js';
import { cstToRfc3339, isRfc3339, STRING_LIMIT } from '../partners/contract-kit.js';
import type { CloudEvent } from './cloudevents.js';
import { badId, DEFAULT_LIMITS, type DoorLimits } from './door.js';
import type { Rejection } from './rejection.js';

export type { Rejection } from './rejection.js';

export interface ValidEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string | null;
  readonly time: string;
  readonly data: Record<string, unknown>;
  readonly partner: PartnerSystem;
  readonly dialect: Dialect;
  readonly canonical: CanonicalEvent;
  /** SHA-256 over the canonical event: what "the same payload" means for a reused id. */
  readonly digest: string;
}

export type Validated =
  | { readonly ok: true; readonly event: ValidEvent }
  | { readonly ok: false; readonly rejection: Rejection; readonly key: { source: string; id: string } | null };

const reject = (code: string, message: string, key: { source: string; id: string } | null = null): Validated => ({
  ok: false,
  rejection: { code, message, stage: 'validate' },
  key,
});

/**
 * The first string `bad` says something of, with its path (`data.a[2].b`) and what it said. The path is
 * built only for a hit, on the way back up: every event is walked, and few hold a bad string.
 */
function firstBadString<T>(
  value: unknown,
  bad: (s: string) => T | null,
): { path: (string | number)[]; found: T } | null {
  if (typeof value === 'string') {
    const found = bad(value);
    return found === null ? null : { path: [], found };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = firstBadString(value[i], bad);
      if (hit) {
        hit.path.unshift(i);
        return hit;
      }
    }
  } else if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      const hit = firstBadString((value as Record<string, unknown>)[k], bad);
      if (hit) {
        hit.path.unshift(k);
        return hit;
      }
    }
  }
  return null;
}

/** A string over the limit: its length. */
const overLimit = (s: string) => (s.length > STRING_LIMIT ? s.length : null);

// The characters the API refuses in free text (services/server-kit/use-plain-input-text.ts): controls
// but tab and line breaks, the bidi and the invisible format characters (a variation selector or an
// emoji joiner in its place is text).
const UNSAFE = new RegExp(unsafeCharacterPattern(['\t', '\n', '\r']), 'u');
/** A string holding an unsafe character: the character, as U+XXXX. */
const unsafeChar = (s: string) => {
  const found = UNSAFE.exec(s);
  return found ? codePointName(found[0]) : null;
};

const at = (data: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    data,
  );

const pathText = (path: readonly PropertyKey[]) =>
  ['data', ...path].map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${String(k)}` : String(k))).join('');

function contractRejection(
  type: string,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): { code: string; message: string } {
  const issue = issues[0] as z.core.$ZodIssue;
  const field = pathText(issue.path);
  const reason = (issue as { params?: { reason?: string } }).params?.reason;
  if (reason) return { code: reason, message: `${field}: ${issue.message}` };
  if (at(data, issue.path) === undefined)
    return { code: 'SCHEMA_MISSING_FIELD', message: `${field} is required for ${type}` };
  return { code: 'SCHEMA_INVALID_FIELD', message: `${field}: ${issue.message}` };
}

export const digestOf = (event: CloudEvent): string =>
  sha256Hex(
    // Built in canonical key order, so canonical() finds it sorted and sorts nothing.
    canonical({
      data: event.data,
      datacontenttype: event.datacontenttype,
      id: event.id,
      source: event.source,
      specversion: event.specversion,
      subject: event.subject,
      time: event.time,
      type: event.type,
    }),
  );

const ahead = (field: string, value: string, now: Date, limits: DoorLimits) =>
  `${field} ${value} is more than ${limits.maxSkewMs / 1000} s ahead of the platform's clock (${now.toISOString()})`;

/** An RFC 3339 time, or a Mainland `yyyy-MM-dd HH:mm:ss` (China Standard Time), as milliseconds. */
const instant = (value: string): number => Date.parse(isRfc3339(value) ? value : cstToRfc3339(value));

export interface ValidateOptions {
  readonly limits?: DoorLimits;
  /** The clock an event's time is checked against (FUTURE_TIME). @default the wall clock */
  readonly now?: Date;
  /** The event's digest when the caller has it already (admit.ts): hashed once per event, not twice. */
  readonly digest?: string;
}

export function validate(
  event: CloudEvent,
  { limits = DEFAULT_LIMITS, now = new Date(), digest }: ValidateOptions = {},
): Validated {
  if (event.id === undefined || event.id === null)
    return reject('MISSING_ID', "required CloudEvents attribute 'id' is absent");
  if (typeof event.id !== 'string' || event.id.trim() === '')
    return reject('EMPTY_ID', "'id' must be a non-empty string");
  const id = event.id;
  // A bad id keys nothing: no dedupe record is made of it, its receipt alone stops a redelivery.
  const idProblem = badId(id, limits.maxIdLength);
  if (idProblem) return reject('BAD_ID', idProblem);
  if (event.specversion !== '1.0')
    return reject(
      'BAD_SPECVERSION',
      `specversion '${String(event.specversion)}' is not supported; only '1.0' is accepted`,
    );
  if (typeof event.source !== 'string' || event.source === '')
    return reject('MISSING_SOURCE', "required CloudEvents attribute 'source' is absent");
  const source = event.source;
  const key = { source, id };
  const partner = partnerBySource.get(source);
  if (!partner) return reject('UNKNOWN_SOURCE', `source ${source} is not a registered partner system`, key);
  if (typeof event.type !== 'string')
    return reject('MISSING_TYPE', "required CloudEvents attribute 'type' is absent", key);
  const dialect = EVENT_TYPES.get(event.type);
  if (!dialect) return reject('UNKNOWN_TYPE', `event type ${event.type} is not in the catalogue`, key);
  if (dialect.side !== partner.side || !partner.typePrefixes.some((p) => (event.type as string).startsWith(p))) {
    const side = partner.side === 'hk' ? 'a Hong Kong' : 'a Mainland';
    return reject('SOURCE_TYPE_MISMATCH', `${source} (${side} source) may not emit ${event.type}`, key);
  }
  if (event.datacontenttype !== 'application/json')
    return reject(
      'BAD_CONTENT_TYPE',
      `datacontenttype must be application/json, not ${String(event.datacontenttype)}`,
      key,
    );
  if (typeof event.time !== 'string' || !isRfc3339(event.time))
    return reject('INVALID_TIME', `time ${String(event.time)} is not a valid RFC 3339 timestamp`, key);
  // An event from the future would make every true event about the same record look older.
  if (Date.parse(event.time) > now.getTime() + limits.maxSkewMs)
    return reject('FUTURE_TIME', ahead('time', event.time, now, limits), key);
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data))
    return reject('SCHEMA_DATA_NOT_OBJECT', 'data must be a JSON object', key);
  const big = firstBadString(event.data, overLimit);
  if (big)
    return reject(
      'OVERSIZED_STRING',
      `${pathText(big.path)} is ${big.found} characters, over the 64 KiB (${STRING_LIMIT}) string limit`,
      key,
    );
  // What is stored is what every reader sees (the console, gba, subscribers, the other side's systems):
  // the partner door refuses what the API's does. Found by a tester (probe 11 row 16): an announcement
  // title `ctl\u001b[31m red` was applied, and served by GraphQL with its escape sequence.
  const unsafe = firstBadString(event.data, unsafeChar);
  if (unsafe)
    return reject(
      'UNSAFE_CHARACTER',
      `${pathText(unsafe.path)} holds ${unsafe.found}, a ${UNSAFE_KIND}; text holds none (tab and line breaks are text)`,
      key,
    );
  const parsed = dialect.parse(event.data);
  if (!parsed.success) {
    const { code, message } = contractRejection(event.type, event.data, parsed.error.issues);
    return reject(code, message, key);
  }
  // So is a time the payload says something happened at: stored (a case's updatedAt) and sent on.
  for (const field of dialect.happenedAt) {
    const value = (parsed.data as Record<string, string>)[field] as string;
    if (instant(value) > now.getTime() + limits.maxSkewMs)
      return reject('FUTURE_TIME', ahead(`data.${field}`, value, now, limits), key);
  }
  const mapped = dialect.map(parsed.data as never);
  const subject = typeof event.subject === 'string' ? event.subject : null;
  if (subject !== null && subject !== mapped.subject.value)
    return reject(
      'SUBJECT_MISMATCH',
      `subject ${subject} does not match ${mapped.subject.field} ${mapped.subject.value}`,
      key,
    );
  return {
    ok: true,
    event: {
      id,
      source,
      type: event.type,
      subject,
      time: event.time,
      data: event.data as Record<string, unknown>,
      partner,
      dialect,
      canonical: mapped,
      digest: digest ?? digestOf(event),
    },
  };
}
