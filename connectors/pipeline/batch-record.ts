/**
 * The record step: what one batch leaves behind, committed together at its end: a receipt for every
 * message, a dead letter for every refusal, the processed-event ledger, the audit entries and the
 * outbound events, and the counts the caller is told.
 */
import type { Logger } from 'pino';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import {
  type Disposition,
  eventKey,
  type OutboxMessage,
  type ProcessedEvent,
  type Receipt,
} from '../../services/graph/graph-store.port.js';
import type { CanonicalEvent } from '../partners/canonical-event.js';
import { signerOf } from '../partners/event-signature.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import { deadLetter } from './dead-letter.js';
import { letteredKey, letterMark } from './dedupe.js';
import type { Rejection } from './rejection.js';
import { REPLAY_ALREADY_USED } from './replay-seal.js';

/** The reason of an event re-sent as it was when it was rejected: its dead letter is in the queue. */
export const REJECTED_EARLIER = 'REJECTED_EARLIER';

/** The reason of a replayed version that a later version of its id replaced: not judged, no dead letter. */
export const SUPERSEDED = 'SUPERSEDED';

/** The ledger row of a sealed replay judged (`BatchRecord.replayJudged`): the offset of its letter, `applied`. */
export const replayRow = (use: { source: string; id: string }, letter: string, at: string): ProcessedEvent => ({
  ...use,
  digest: `dlq@${letter}`,
  time: at,
  disposition: 'applied',
});

export interface EventKeyOf {
  readonly source: string;
  readonly id: string;
  /** Present once the event is read: whom it concerns, for the log's pseudonym. */
  readonly canonical?: Pick<CanonicalEvent, 'personalData' | 'caseStatus'>;
}

export interface BatchCounts {
  applied: number;
  stale: number;
  duplicates: number;
  rejected: Record<string, number>;
}

export class BatchRecord {
  readonly processed: ProcessedEvent[] = [];
  readonly receipts: Receipt[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly audit: AuditEntry[] = [];
  /** Each practice version the batch applied, in order: each is pushed, not only a practice's last. */
  readonly practices: unknown[] = [];
  /** Offsets of replayed letters of a system's own, their bytes applied since: counted under that system. */
  readonly ownLetters = new Set<string>();
  readonly counts: BatchCounts = { applied: 0, stale: 0, duplicates: 0, rejected: {} };
  /** Digests recorded in this batch, by `eventKey`: a later message with the same id meets them. */
  readonly seen = new Map<string, string>();
  /** The keys among `seen` whose latest version this batch rejected (one it accepted since is not). */
  readonly refused = new Set<string>();
  private readonly at: string;

  constructor(private readonly options: { connector: string; at: Date; log?: Logger | undefined }) {
    this.at = options.at.toISOString();
  }

  private receipt(m: DeliveredMessage, e: EventKeyOf | null, disposition: Disposition, reason: string | null): void {
    this.receipts.push({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      source: e?.source ?? null,
      eventId: e?.id ?? null,
      disposition,
      reason,
    });
  }

  duplicate(m: DeliveredMessage, key: EventKeyOf | null): void {
    this.counts.duplicates++;
    this.receipt(m, key, 'duplicate', null);
  }

  /**
   * The same bytes as an event rejected before, whose dead letter is in the queue: rejected again
   * (REJECTED_EARLIER), with no second dead letter; `gba dlq replay` is its way in once the cause is fixed.
   */
  rejectedEarlier(m: DeliveredMessage, key: EventKeyOf | null): void {
    this.counts.rejected[REJECTED_EARLIER] = (this.counts.rejected[REJECTED_EARLIER] ?? 0) + 1;
    this.receipt(m, key, 'rejected', REJECTED_EARLIER);
  }

  /**
   * A refusal of bytes whose dead letter is in the queue already (`letteredKey`): rejected earlier,
   * no second letter; with `digest`, they are the id's latest version again (a refused correction),
   * so a replay of their letter is judged.
   */
  refusedAgain(m: DeliveredMessage, key: EventKeyOf | null, digest: string | null): void {
    this.rejectedEarlier(m, key);
    if (key && digest !== null) this.ledger({ source: key.source, id: key.id }, digest);
  }

  private ledger(ledger: { source: string; id: string }, digest: string): void {
    this.processed.push({ source: ledger.source, id: ledger.id, digest, time: this.at, disposition: 'rejected' });
    this.seen.set(eventKey(ledger.source, ledger.id), digest);
    this.refused.add(eventKey(ledger.source, ledger.id));
  }

  /**
   * A ledger row that says something was done once for these bytes (`payload`): under `gba:lettered`,
   * their dead letter; under `gba:attempt-audited`, their refused consent attempt's audit record.
   */
  mark(key: { source: string; id: string }, payload: string): void {
    this.processed.push({ ...key, digest: payload, time: this.at, disposition: 'rejected' });
    this.seen.set(eventKey(key.source, key.id), payload);
  }

  /**
   * A sealed replay judged now (replay-seal.ts `replayUse`): its row under `gba:replay-used`, committed
   * with this batch; `applied`, so a second commit of it (another connector judged a copy meanwhile)
   * fails and its batch is retried. The row holds the offset of the letter it replayed.
   */
  replayJudged(use: { source: string; id: string }, letter: string): void {
    const row = replayRow(use, letter, this.at);
    this.processed.push(row);
    this.seen.set(eventKey(use.source, use.id), row.digest);
  }

  /** A copy of a sealed replay judged before: receipted as a duplicate (REPLAY_ALREADY_USED), nothing else. */
  replayUsed(m: DeliveredMessage, key: EventKeyOf | null): void {
    this.counts.duplicates++;
    this.receipt(m, key, 'duplicate', REPLAY_ALREADY_USED);
  }

  /**
   * A replay of a version refused before another version of its id was applied: receipted as a
   * duplicate with reason SUPERSEDED, neither judged nor sent back to the queue.
   */
  superseded(m: DeliveredMessage, key: EventKeyOf): void {
    this.counts.duplicates++;
    this.receipt(m, key, 'duplicate', SUPERSEDED);
  }

  /**
   * A refusal: its receipt and dead letter; with `digest`, the first rejection of its id on record
   * (under `ledger`: for a message with no usable id, the key of its bytes), so the same bytes again
   * are rejected earlier (`rejectedEarlier`), not a duplicate. With `payload` (the digest of an event
   * with an id), its `letteredKey` is recorded too, naming the key that signed it (`letterMark`): those
   * bytes under that id are lettered once while that letter can come back (resend.ts).
   */
  reject(
    m: DeliveredMessage,
    rejection: Rejection,
    key: EventKeyOf | null,
    digest: string | null,
    ledger: { source: string; id: string } | null = key,
    payload: string | null = null,
  ): void {
    this.counts.rejected[rejection.code] = (this.counts.rejected[rejection.code] ?? 0) + 1;
    this.receipt(m, key, 'rejected', rejection.code);
    this.outbox.push(
      deadLetter({ message: m, rejection, connector: this.options.connector, key, rejectedAt: this.at }),
    );
    if (ledger && digest !== null) this.ledger(ledger, digest);
    if (key && payload !== null)
      this.mark(letteredKey(key.source, key.id, payload), letterMark(payload, signerOf(m.headers)));
    // The reason may quote anything the partner sent: it stays in the dead letter (log-privacy.ts).
    const person = key?.canonical?.personalData?.subject ?? key?.canonical?.caseStatus?.applicant;
    this.options.log?.warn(
      {
        topic: m.topic,
        partition: m.partition,
        offset: m.offset,
        code: rejection.code,
        stage: rejection.stage,
        eventId: key?.id,
        person,
      },
      'event rejected; its reason is in the dead letter',
    );
  }

  /**
   * An event judged and let in: applied when it changed something (or asks for no change), else stale;
   * `note` goes in its receipt (a replay's consent that replaced the named one).
   */
  accept(
    m: DeliveredMessage,
    event: EventKeyOf & { readonly digest: string; readonly time: string },
    disposition: 'applied' | 'stale',
    note: string | null = null,
  ): void {
    this.counts[disposition === 'applied' ? 'applied' : 'stale']++;
    this.receipt(m, event, disposition, note);
    this.processed.push({ source: event.source, id: event.id, digest: event.digest, time: event.time, disposition });
    const key = eventKey(event.source, event.id);
    this.seen.set(key, event.digest);
    // Let in, the id is final for the rest of the batch: other bytes conflict, the same are a duplicate.
    this.refused.delete(key);
  }
}
