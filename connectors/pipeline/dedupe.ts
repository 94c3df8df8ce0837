/**
 * The dedupe step: what a message's (source, id) has been before, in this batch or an earlier one.
 * The same bytes again are a duplicate and change nothing; other bytes under a known id are a
 * conflict. A replay from the dead-letter queue is never a duplicate of its own first try.
 */
import { createHash } from 'node:crypto';
import { eventKey, type ProcessedEvent } from '../../services/graph/graph-store.port.js';
import { sha256Hex } from '../../services/shared/sha256.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';

/** The ledger's source for messages with no usable id (`noIdKey`); never a partner system's URN. */
export const NO_ID_SOURCE = 'gba:no-usable-id';

/**
 * The ledger key of a message with no usable id (not decoded, or its id refused): its topic and a
 * digest of the bytes it carried (its body and CloudEvents headers: a dead letter keeps both, so its
 * key can be found again), so the same bytes sent again are rejected earlier, not given one more dead
 * letter each time. Any other bytes are another key, with a letter of their own.
 */
export function noIdKey({ topic, headers, value }: Pick<DeliveredMessage, 'topic' | 'headers' | 'value'>): {
  source: string;
  id: string;
  digest: string;
} {
  const event = Object.entries(headers)
    .filter(([name]) => name.startsWith('ce_') || name === 'content-type')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify(event)).update('\u0000').update(value).digest('hex');
  return { source: NO_ID_SOURCE, id: `${topic}:${digest}`, digest };
}

/** The ledger's source for the payloads that have a dead letter (`letteredKey`); never a partner's URN. */
export const LETTERED_SOURCE = 'gba:lettered';

/**
 * The ledger key (an `eventKey`) of one payload of (source, id) that has its dead letter: a resend of
 * those bytes under that id is rejected earlier, not lettered again, whichever version of the id came
 * since (a conflict's bytes sent again, an old version after its correction). A payload never
 * lettered under the id still gets its one letter.
 */
export function letteredKey(source: string, id: string, digest: string): { source: string; id: string } {
  return {
    source: LETTERED_SOURCE,
    // One call (sha256Hex): the same hash as createHash → update → digest, at about half the cost.
    id: sha256Hex(JSON.stringify([source, id, digest])),
  };
}

/**
 * What a `letteredKey` row holds: the payload's digest, then `@` and the id of the key its letter was
 * signed with ('' when unsigned, or when a replay found that its signature no longer stands). Whether
 * the letter can still come back (resend.ts) depends on that key. A row written before signers were
 * recorded holds the digest alone: its letter is taken to come back until its replay says otherwise.
 */
export const letterMark = (payload: string, signer: string): string => `${payload}@${signer}`;

/** The signer a `letterMark` names, or null when the row predates them. */
export function markSigner(mark: string): string | null {
  const at = mark.indexOf('@');
  return at < 0 ? null : mark.slice(at + 1);
}

/** The `eventKey` of `letteredKey`. */
export const letteredEventKey = (source: string, id: string, digest: string): string => {
  const key = letteredKey(source, id, digest);
  return eventKey(key.source, key.id);
};

/**
 * - `first`: never seen: judged, and its digest recorded (a rejection too, so the same bytes again
 *   count as a duplicate);
 * - `again`: judged, its digest not recorded again (a replay, or an id already known);
 * - `replay`: a replay of a rejected event: judged afresh, consent judged now (docs/operations.md);
 * - `duplicate`: the same bytes as an event applied before: receipted, nothing else;
 * - `rejected-earlier`: the same bytes as an event rejected before (its dead letter waits in the
 *   queue): receipted as still rejected, no second dead letter; a replay is the way back in;
 * - `correction`: a valid event reusing an id whose latest version was rejected, never applied, with
 *   other bytes: the partner's corrected version, judged as new and recorded as the id's latest;
 * - `superseded`: a replay of a version refused before another version of its id was applied:
 *   receipted, not judged, no dead letter (docs/operations.md); a later version that was refused
 *   supersedes nothing (the replay is a `correction`, judged);
 * - `conflict`: a valid event reusing an applied id with other bytes: DUPLICATE_ID_DIFFERENT_PAYLOAD.
 */
export type Sighting =
  | 'first'
  | 'again'
  | 'replay'
  | 'duplicate'
  | 'rejected-earlier'
  | 'correction'
  | 'superseded'
  | 'conflict';

export interface SightingInput {
  /** Whether the event passed validation. */
  readonly valid: boolean;
  /** `eventKey(source, id)`, or null when the message has no usable id. */
  readonly key: string | null;
  readonly digest: string | null;
  /** The message came back from the dead-letter queue. */
  readonly replayed: boolean;
  /** Digests recorded earlier in this batch. */
  readonly seen: ReadonlyMap<string, string>;
  /** What the store holds of earlier batches. */
  readonly processed: ReadonlyMap<string, ProcessedEvent>;
  /** The keys among `seen` whose event this batch rejected. */
  readonly refused?: ReadonlySet<string>;
  /** A replay of a letter refused as DUPLICATE_ID_DIFFERENT_PAYLOAD (it came after the version on record). */
  readonly replayedConflict?: boolean;
  /** A replay of a letter refused after a version of its id was applied (DLQ_HEADERS.afterApplied). */
  readonly replayedAfterApplied?: boolean;
}

/** Whether the event last recorded under `key` (in this batch, else in the store) was rejected. */
const rejectedBefore = ({ key, seen, processed, refused }: SightingInput): boolean =>
  key !== null && (seen.has(key) ? (refused?.has(key) ?? false) : processed.get(key)?.disposition === 'rejected');

export function sighting(input: SightingInput): Sighting {
  const seen = once(input);
  return seen === 'duplicate' && rejectedBefore(input) ? 'rejected-earlier' : seen;
}

function once(input: SightingInput): Sighting {
  const { valid, key, digest, replayed, seen, processed } = input;
  const before = key === null ? undefined : (seen.get(key) ?? processed.get(key)?.digest);
  if (!valid) {
    // Without a valid id the event cannot be deduplicated; its receipt stops a redelivery. Its letter,
    // refused before a version of its id (other bytes) was applied, is superseded by it as a valid one is.
    if (replayed)
      return before !== undefined && before !== digest && !rejectedBefore(input) && !input.replayedAfterApplied
        ? 'superseded'
        : 'again';
    if (key !== null && before !== undefined && before === digest) return 'duplicate';
    return before === undefined ? 'first' : 'again';
  }
  if (before === undefined) return 'first';
  const replay = replayed && processed.get(key as string)?.disposition === 'rejected' && !seen.has(key as string);
  if (before === digest) return replay ? 'replay' : 'duplicate';
  // Other bytes under a known id. Only an applied version is final: while every version was refused,
  // each is judged (a replay of any of them too), and no refused version supersedes another's letter:
  // a later version may not be its partner's (another system of the side can send under its source).
  const appliedBefore = !rejectedBefore(input);
  // A replayed letter other than a conflict's came before the version applied since: superseded by it.
  // A conflict's came after it, and stays one.
  if (replayed && appliedBefore && !input.replayedConflict) return 'superseded';
  return appliedBefore ? 'conflict' : 'correction';
}
