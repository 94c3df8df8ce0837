/**
 * A partner's resend of a refused event whose dead letter can no longer come back (docs/operations.md,
 * "Who sent it"). The same bytes under an id sent again are `REJECTED_EARLIER`: their letter waits in
 * the queue, and `gba dlq replay` is their way in. That holds while the letter's own signature still
 * stands. Once the key that signed it is retired (or gone from the keyring), or the letter was sent
 * before events were signed, its replay is refused at the door (`KEY_RETIRED`,
 * `SOURCE_NOT_AUTHENTICATED`): a refusal that says nothing of the body. The partner then sends the
 * body again, signed with a current key, and that resend is the body's way in: judged afresh as the
 * replay would have been (consent judged now), given a letter of its own if refused again (signed with
 * a key that signs, so that letter can be replayed). Found by a tester (probe 10): a TD event refused
 * FUTURE_TIME, its key rotated, could then never get in: its replay was KEY_RETIRED, its resend
 * REJECTED_EARLIER.
 *
 * Nothing is applied twice: only a body on record as refused is judged again (an applied one stays a
 * duplicate), and once a resend is lettered its letter names its own key. An unsigned or forged copy
 * never reaches the (source, id) it claims (pipeline.ts `knownAs`), so it can neither pre-empt nor
 * block the partner's event; its replay only marks a letter of the same bytes as one that cannot come
 * back, which lets the partner's validly signed resend be judged, nothing more.
 */
import { eventKey, type ProcessedEvent } from '../../services/graph/graph-store.port.js';
import { partnerBySource } from '../partners/catalogue.js';
import { signerOf } from '../partners/event-signature.js';
import type { PartnerKeyring } from '../partners/partner-keys.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import type { BatchRecord } from './batch-record.js';
import { letteredEventKey, letteredKey, letterMark, markSigner } from './dedupe.js';

interface Named {
  readonly source: string;
  readonly id: string;
}

interface Ledger {
  readonly record: BatchRecord;
  readonly processed: ReadonlyMap<string, ProcessedEvent>;
}

/** What the ledger holds under `key`: this batch's record first, else the store's. */
const held = ({ record, processed }: Ledger, key: string): string | undefined =>
  record.seen.get(key) ?? processed.get(key)?.digest;

/**
 * Whether the letter of these bytes under this id can no longer come back: the key that signed it is
 * retired or no key of the source, or it was unsigned (a row from before signers were recorded: until
 * its replay says so). False when the bytes have no letter.
 */
export function letterCannotComeBack(named: Named, digest: string, ledger: Ledger, keys: PartnerKeyring): boolean {
  const mark = held(ledger, letteredEventKey(named.source, named.id, digest));
  const signer = mark === undefined ? null : markSigner(mark);
  // No signature is asked of a source that is no partner system (UNKNOWN_SOURCE): its letter comes back.
  if (signer === null || !partnerBySource.has(named.source)) return false;
  const key = keys.key(signer);
  return !key || key.source !== named.source || key.retiredAt !== null;
}

/** The ledger keys a replayed letter refused at the door needs (`doorRefusedReplay`). */
export const doorRefusedKeys = (named: Named | null, digest: string | null, replayed: boolean): string[] =>
  replayed && named && digest !== null
    ? [eventKey(named.source, named.id), letteredEventKey(named.source, named.id, digest)]
    : [];

/**
 * A replayed letter refused at the door (its signature no longer stands), of bytes `digest` under the
 * id it names:
 * - `'applied'`: those very bytes were applied under that id since (the partner's resend), and the
 *   letter is the partner's own (refused `KEY_RETIRED`: its MAC matched a key of the source; or the
 *   letter its payload's ledger row names): it holds nothing more, it is a duplicate and leaves the
 *   queue. Another's copy of the same bytes (signed by another system, or unsigned while the partner's
 *   letter was signed) stays, with its reason: the trace of the attempt;
 * - `'released'`: those bytes are on record as refused under that id, and this is their letter (a
 *   row from before signers were recorded, or before letters were): its signer is recorded now, so
 *   the partner's validly signed resend is judged afresh (`letterCannotComeBack`);
 * - null: neither (a forgery of bytes never sent signed): refused as ever.
 */
export function doorRefusedReplay(
  message: DeliveredMessage,
  { named, digest, code }: { named: Named; digest: string; code: string },
  ledger: Ledger,
): 'applied' | 'released' | null {
  const key = eventKey(named.source, named.id);
  const recorded = ledger.record.seen.has(key)
    ? { digest: ledger.record.seen.get(key), rejected: ledger.record.refused.has(key) }
    : { digest: ledger.processed.get(key)?.digest, rejected: ledger.processed.get(key)?.disposition === 'rejected' };
  const mark = held(ledger, letteredEventKey(named.source, named.id, digest));
  const signer = signerOf(message.headers);
  // Its partner's own letter: signed by the source's key, since retired, or the letter its payload's row names.
  const own = code === 'KEY_RETIRED' || (mark !== undefined && (markSigner(mark) ?? signer) === signer);
  if (recorded.digest === digest && !recorded.rejected) return own ? 'applied' : null;
  // Another letter of these bytes (signed by another key): its own key says whether it comes back.
  if (mark !== undefined && markSigner(mark) !== null && markSigner(mark) !== signer) return null;
  if (mark === undefined && !(recorded.digest === digest && recorded.rejected)) return null;
  // A row from before signers were recorded (or none, from before letters were): it names this letter's.
  ledger.record.mark(letteredKey(named.source, named.id, digest), letterMark(digest, signer));
  return 'released';
}
