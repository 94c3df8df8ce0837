/**
 * Idempotent writes: a create request sent twice (a double click, a retry after a timeout) returns
 * the record the first one made and makes nothing new. A record keeps the mark of the request that
 * made it (`RequestMark`: a digest of its input and the caller's `idempotencyKey`, if any). A new
 * request repeats an earlier one when
 * - it carries the same `idempotencyKey` as a record the same caller wrote (whenever it was sent); the
 *   same key with a different input is refused, as a key names one request; another official's key,
 *   even of the same agency, is theirs;
 * - without a key, its input is identical to that of a record the same agency wrote within
 *   REPEAT_WINDOW_MS.
 */
import { createHash } from 'node:crypto';
import type { RequestMark } from '../../schema/domain/index.js';
import { badUserInput } from '../../schema/errors.js';
import { INPUT_LIMITS } from '../../schema/input-limits.js';
import { canonical } from '../consent/audit/canonical.js';

/** The `idempotencyKey` description of every mutation (./keyed-write.ts keeps those that create nothing). */
export const KEYED_WRITE_KEY =
  'Optional: names this request (not blank; e.g. a UUID per form). Sent again by you with the same key and input, the first result is returned and nothing is done again; the same key with a different input, or on another mutation, is refused (BAD_USER_INPUT): a key names one request. Another caller’s key is theirs alone.';

/** The description where a record is created: an identical request without a key is caught as well. */
export const IDEMPOTENCY_KEY = `${KEYED_WRITE_KEY} Without a key, an identical request of the same agency within 10 minutes counts as the same.`;

/** How long an identical request without a key counts as a repeat of the first. */
export const REPEAT_WINDOW_MS = 10 * 60_000;
export const MAX_KEY_LENGTH = INPUT_LIMITS.key;

export interface Marked {
  readonly id: string;
  readonly request?: RequestMark | undefined;
}

/**
 * The mark of a request: its input's digest (field order does not matter) and its key; `field` names
 * the key in errors (`idempotencyKey` where the mutation takes it beside an id rather than in `input`).
 */
export function requestMark(
  input: unknown,
  key: string | null | undefined,
  field = 'input.idempotencyKey',
): RequestMark {
  if (key != null && (key.trim().length === 0 || key.length > MAX_KEY_LENGTH)) {
    throw badUserInput(field, `must be 1 to ${MAX_KEY_LENGTH} characters long`);
  }
  return { digest: createHash('sha256').update(canonical(input)).digest('hex'), key: key ?? null };
}

/**
 * The earlier record this request repeats, if any, among the agency's records; `writtenAt` says when
 * each was written (RFC 3339), `writtenBy` by whom (the author's username), and `sender` is the caller.
 */
export function repeatOf<T extends Marked>({
  mark,
  records,
  writtenAt,
  writtenBy,
  sender,
  now,
}: {
  mark: RequestMark;
  records: readonly T[];
  writtenAt: (record: T) => string | undefined;
  writtenBy: (record: T) => string | undefined;
  sender: string;
  now: Date;
}): T | undefined {
  if (mark.key !== null) {
    const keyed = records.find((r) => r.request?.key === mark.key && writtenBy(r) === sender);
    if (keyed && keyed.request?.digest !== mark.digest) {
      throw badUserInput('input.idempotencyKey', `was used for a different request, which made ${keyed.id}`);
    }
    if (keyed) return keyed;
  }
  const since = now.getTime() - REPEAT_WINDOW_MS;
  return records.find((r) => {
    const at = writtenAt(r);
    return r.request?.digest === mark.digest && at !== undefined && Date.parse(at) >= since;
  });
}
