/**
 * The inbound pipeline, one batch of one partition at a time, composed of its steps:
 * admit (door, decode, validate) → authenticate (the source's signature) and the topic → dedupe → authorise → references → consent → apply → emit, each
 * message's outputs kept in the batch's record; then commit (audit first, then one store
 * transaction for the graph changes, the processed-event records, the receipts and the outbox), and
 * publish the outbox. The consent receipts of a batch are signed together, once, just before it
 * commits. A batch that fails is isolated message by message. Redelivered messages find their
 * receipts and change nothing; a crash anywhere loses nothing and applies nothing twice.
 */
import type { Logger } from 'pino';
import type { NodeLabel } from '../../schema/domain/index.js';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import type { ReceiptSigner } from '../../services/consent/receipts.js';
import { eventKey, type GraphStore, type Receipt } from '../../services/graph/graph-store.port.js';
import type { EventTraffic } from '../../services/operations/event-traffic.js';
import { partnerBySource } from '../partners/catalogue.js';
import type { PartnerKeyring } from '../partners/partner-keys.js';
import type { Batch, DeliveredMessage, EventTransport } from '../transport/event-transport.port.js';
import { type Admitted, admit, failed } from './admit.js';
import { type Applied, applyEvent } from './apply.js';
import { authenticate } from './authenticate.js';
import { authorise, offTopic } from './authorise.js';
import { BatchRecord, type EventKeyOf, replayRow } from './batch-record.js';
import { type BatchView, loadBatchView } from './batch-view.js';
import { decode } from './cloudevents.js';
import { BatchCommitter } from './commit.js';
import { attemptEntry, attemptEventKey, attemptKey, isConsentAttempt } from './consent-attempt.js';
import { gateConsent } from './consent-gate.js';
import { PendingReceipts } from './consent-receipts.js';
import { DLQ_HEADERS, deadLetter } from './dead-letter.js';
import { letteredEventKey, noIdKey, type SightingInput, sighting } from './dedupe.js';
import { DEFAULT_LIMITS, type DoorLimits } from './door.js';
import { emitCaseStatus } from './emit.js';
import { type BatchOutcome, isolating, NOTHING_DONE } from './isolate.js';
import { OutboxPublisher } from './outbox-publisher.js';
import { unknownReference } from './references.js';
import type { Rejection } from './rejection.js';
import { REPLAY_ALREADY_USED, replayUse, withTrustedDlqHeaders } from './replay-seal.js';
import { doorRefusedKeys, doorRefusedReplay, letterCannotComeBack } from './resend.js';
import type { ValidEvent } from './validate.js';

export type { BatchOutcome } from './isolate.js';

export interface PipelineDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly transport: EventTransport;
  /** Signs the receipts of each batch's consent changes from partners (one signature per batch). */
  readonly receipts: ReceiptSigner;
  /** Counts each handled message by partner, type and outcome (the counter `/metrics` serves). */
  readonly traffic?: EventTraffic;
  /** Name in dead-letter headers and logs. @default 'gba-connectors' */
  readonly connector?: string;
  readonly now?: () => Date;
  readonly log?: Logger;
  /** Told of every record a batch changed, once it is committed (announcements reach subscribers so). */
  readonly onApplied?: (label: NodeLabel, record: unknown) => void;
  /** The door's limits (size, depth, ids, clock skew). @default DEFAULT_LIMITS */
  readonly limits?: DoorLimits;
  /** Each partner system's keys: every event must be signed by one of its source's (authenticate.ts). */
  readonly partnerKeys: PartnerKeyring;
  /** Seals the replays of the platform's own replayer (replay-seal.ts); unset, no `gba_dlq_*` header is trusted. */
  readonly replayKey?: Buffer | undefined;
}

/** What every message of one batch is judged with and recorded into. */
interface BatchContext {
  readonly record: BatchRecord;
  readonly view: BatchView;
  readonly processed: SightingInput['processed'];
  readonly at: Date;
  readonly receipts: PendingReceipts;
  /** The partner keyring this batch is checked with: whether a letter's key still signs (resend.ts). */
  readonly keys: PartnerKeyring;
}

export class Pipeline {
  private readonly store: GraphStore;
  private readonly connector: string;
  private readonly now: () => Date;
  private readonly log: Logger | undefined;
  private readonly onApplied: PipelineDeps['onApplied'];
  private readonly limits: DoorLimits;
  private readonly partnerKeys: PartnerKeyring;
  private readonly replayKey: Buffer | undefined;
  private readonly receipts: ReceiptSigner;
  private readonly traffic: EventTraffic | undefined;
  private readonly committer: BatchCommitter;
  private readonly publisher: OutboxPublisher;

  constructor({
    store,
    audit,
    transport,
    connector = 'gba-connectors',
    now = () => new Date(),
    log,
    onApplied,
    limits = DEFAULT_LIMITS,
    receipts,
    traffic,
    partnerKeys,
    replayKey,
  }: PipelineDeps) {
    this.store = store;
    this.partnerKeys = partnerKeys;
    this.replayKey = replayKey;
    this.receipts = receipts;
    this.traffic = traffic;
    this.connector = connector;
    this.now = now;
    this.log = log;
    this.onApplied = onApplied;
    this.limits = limits;
    this.committer = new BatchCommitter({ store, audit });
    this.publisher = new OutboxPublisher({ store, transport });
  }

  /** Handles a batch; if it fails, each message alone (isolate.ts). */
  handle(batch: Batch): Promise<BatchOutcome> {
    return isolating(batch, {
      together: (b) => this.handleTogether(b),
      lastResort: (message, error) => this.deadLetterAlone(message, error),
      log: this.log,
    });
  }

  /** Publishes what the outbox holds (after a crash, what the last commit queued), then clears it. */
  flushOutbox(): Promise<number> {
    return this.publisher.flush();
  }

  /**
   * The dead letter and its receipt commit alone; if even that fails, the store is at fault: retried.
   * A sealed replay lettered so is judged (replay-seal.ts `replayUse`): a copy of it is not lettered again.
   */
  private async deadLetterAlone(message: DeliveredMessage, error: unknown): Promise<BatchOutcome> {
    const { topic, partition, offset } = message;
    const trusted = withTrustedDlqHeaders(message, this.replayKey);
    const use = replayUse(trusted);
    if (use && (await this.store.processed([eventKey(use.source, use.id)])).size > 0)
      return this.replayUsedAlone(message, error);
    const rejection: Rejection = {
      code: 'PROCESSING_FAILED',
      message: `the event failed twice in processing: ${(error as Error)?.message ?? String(error)}`.slice(0, 1000),
      stage: 'apply',
    };
    const at = this.now().toISOString();
    await this.store.commitEvents({
      nodes: [],
      clocks: [],
      processed: use ? [replayRow(use, trusted.headers[DLQ_HEADERS.replayOf] as string, at)] : [],
      receipts: [
        { topic, partition, offset, source: null, eventId: null, disposition: 'rejected', reason: rejection.code },
      ],
      outbox: [deadLetter({ message, rejection, connector: this.connector, key: null, rejectedAt: at })],
    });
    this.committer.forget(message);
    this.traffic?.record({
      source: null,
      authenticated: false,
      type: null,
      disposition: 'rejected',
      reason: rejection.code,
    });
    this.log?.error({ err: error, topic, partition, offset }, 'event dead-lettered after failing twice');
    return { ...NOTHING_DONE, rejected: { [rejection.code]: 1 } };
  }

  /** A copy of a sealed replay judged before, that failed twice in processing: a duplicate all the same. */
  private async replayUsedAlone(message: DeliveredMessage, error: unknown): Promise<BatchOutcome> {
    const { topic, partition, offset } = message;
    await this.store.commitEvents({
      nodes: [],
      clocks: [],
      processed: [],
      receipts: [
        {
          topic,
          partition,
          offset,
          source: null,
          eventId: null,
          disposition: 'duplicate',
          reason: REPLAY_ALREADY_USED,
        },
      ],
      outbox: [],
    });
    this.committer.forget(message);
    this.traffic?.record({ source: null, authenticated: false, type: null, disposition: 'duplicate', reason: null });
    this.log?.error({ err: error, topic, partition, offset }, 'a copy of a replay judged before failed twice; dropped');
    return { ...NOTHING_DONE, duplicates: 1 };
  }

  private count(receipt: Receipt, messages: readonly DeliveredMessage[], authenticated: ReadonlySet<string>): void {
    const message = messages.find((m) => m.offset === receipt.offset);
    this.traffic?.record({
      source: receipt.source,
      authenticated: authenticated.has(receipt.offset),
      type: message ? typeOf(message) : null,
      disposition: receipt.disposition,
      // An accepted event's note (the consent that replaced the named one) is no reason to count by.
      reason: receipt.disposition === 'rejected' ? receipt.reason : null,
    });
  }

  private async handleTogether(batch: Batch): Promise<BatchOutcome> {
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (!first || !last) return NOTHING_DONE;
    const range = { topic: batch.topic, partition: batch.partition, from: first.offset, to: last.offset };
    // Plain loops, no map/filter/flatMap chains over arrays of changing shapes: such a chain here (an
    // empty receipts array in one batch, a full one in another; `[event]` or `[]` flattened) made V8
    // drop this function's optimised code ("wrong map", --trace-deopt) and compile it again: about
    // 0.2 s of TurboFan each time (--trace-opt on bench:ingest).
    const done = new Set<string>();
    for (const r of await this.store.receipts(range)) done.add(r.offset);
    const at = this.now();
    // The keyring as it is now: a key retired while the platform runs is refused from this batch on.
    const partnerKeys = this.partnerKeys.current();
    const todo: DeliveredMessage[] = [];
    const admitted: { one: Admitted; known: Known }[] = [];
    const valid: ValidEvent[] = [];
    const keys: string[] = [];
    for (const delivered of batch.messages) {
      if (done.has(delivered.offset)) continue;
      // A `gba_dlq_*` header not sealed by the platform's replayer is a partner's: dropped (replay-seal.ts).
      const message = withTrustedDlqHeaders(delivered, this.replayKey);
      todo.push(message);
      // A sealed replay: whether it was judged before (a copy of it is not judged again: replay-seal.ts).
      const use = replayUse(message);
      if (use) keys.push(eventKey(use.source, use.id));
      const one = admit(message, { limits: this.limits, now: at });
      const known = knownAs(one, partnerKeys);
      admitted.push({ one, known });
      if (one.validated.ok && !known.refusal) valid.push(one.validated.event);
      const { named, ledger, trusted, refusal } = known;
      keys.push(eventKey(ledger.source, ledger.id));
      // Under its (source, id), whether these bytes under it have a dead letter already (`letteredKey`).
      if (trusted && named && ledger.digest !== null)
        keys.push(letteredEventKey(named.source, named.id, ledger.digest));
      // A consent attempt: whether its refusal is in the audit log already (consent-attempt.ts).
      const event = one.validated.ok && trusted ? one.validated.event : null;
      if (event && isConsentAttempt(event)) keys.push(attemptEventKey(event));
      // A replayed letter refused at the door: what its bytes are under the id it names (resend.ts).
      const replayed = one.message.headers[DLQ_HEADERS.replayOf] !== undefined;
      if (refusal?.stage === 'authenticate') keys.push(...doorRefusedKeys(named, one.digest, replayed));
    }
    const processed = await this.store.processed(keys);
    const view = await loadBatchView(this.store, valid);
    const record = new BatchRecord({ connector: this.connector, at, log: this.log });
    const context: BatchContext = {
      record,
      view,
      processed,
      at,
      receipts: new PendingReceipts(),
      keys: partnerKeys,
    };
    for (const { one, known } of admitted) {
      const from = record.audit.length;
      try {
        this.step(one, known, context);
      } finally {
        // Decisions already on record from a failed try of this message are not appended again.
        this.committer.keepOnce(one.message, record, from);
      }
    }
    context.receipts.seal(this.receipts, view.dirty);
    await this.committer.commit({ messages: todo, record, view });
    // Counted once committed: a batch that fails and is tried again is not counted twice.
    if (this.traffic) {
      const authenticated = new Set(
        admitted.filter(({ known }) => known.authenticated).map(({ one }) => one.message.offset),
      );
      for (const offset of record.ownLetters) authenticated.add(offset);
      for (const r of record.receipts) this.count(r, todo, authenticated);
    }
    // A practice edited twice in the batch is pushed at each version (probe 12 row 56), in order.
    for (const { label, record: node } of view.dirty.values()) if (label !== 'Practice') this.onApplied?.(label, node);
    for (const node of record.practices) this.onApplied?.('Practice', node);
    await this.flushOutbox();
    return { ...record.counts, skipped: batch.messages.length - todo.length };
  }

  /** One message through dedupe, authorise, references, consent, apply and emit, into the batch's record. */
  private step({ message, validated, digest }: Admitted, known: Known, batch: BatchContext): void {
    const { record, processed } = batch;
    const replayed = message.headers[DLQ_HEADERS.replayOf] !== undefined;
    // A sealed replay is judged once: a copy of one judged is a duplicate, in the same batch or a later one.
    const use = replayUse(message);
    if (use) {
      const k = eventKey(use.source, use.id);
      if (record.seen.has(k) || processed.has(k)) {
        record.replayUsed(message, known.named);
        return;
      }
      record.replayJudged(use, message.headers[DLQ_HEADERS.replayOf] as string);
    }
    if (known.refusal || !validated.ok) {
      const { named, ledger, trusted } = known;
      const refusal = known.refusal ?? (validated as { rejection: Rejection }).rejection;
      // A letter whose signature no longer stands: done with if its bytes went in since (resend.ts).
      const door =
        replayed && named && digest !== null && refusal.stage === 'authenticate'
          ? doorRefusedReplay(message, { named, digest, code: refusal.code }, batch)
          : null;
      if (door === 'applied') {
        record.duplicate(message, named);
        // The partner's own letter (resend.ts), its bytes applied since from its resend: counted under
        // its system as the duplicate it is, not as an unauthenticated event accepted (probe 12 row 42).
        record.ownLetters.add(message.offset);
        return;
      }
      // Known by its bytes (no usable id, or off its source's topic), the same bytes again get no second letter.
      const key = eventKey(ledger.source, ledger.id);
      const seen = sighting({
        valid: false,
        key,
        digest: ledger.digest,
        replayed,
        seen: record.seen,
        processed,
        refused: record.refused,
        replayedAfterApplied: message.headers[DLQ_HEADERS.afterApplied] !== undefined,
      });
      const payload = trusted ? ledger.digest : null;
      // Its letter cannot come back: this validly signed resend is lettered anew (resend.ts). Asked only
      // of bytes known under the id (a first sighting has no letter): not a hash more on the hot path.
      const resent =
        !replayed &&
        (seen === 'rejected-earlier' || seen === 'again') &&
        named !== null &&
        payload !== null &&
        letterCannotComeBack(named, payload, batch, batch.keys);
      if (seen === 'duplicate') record.duplicate(message, named);
      else if (seen === 'rejected-earlier' && !resent) record.rejectedEarlier(message, named);
      else if (seen === 'superseded' && named) record.superseded(message, named);
      else if (trusted && letteredBefore(named, payload, replayed || resent, batch))
        record.refusedAgain(message, named, null);
      else {
        const applied = trusted && isApplied(key, batch);
        const why = applied ? { ...refusal, afterApplied: true } : refusal;
        record.reject(message, why, named, seen === 'first' || resent ? ledger.digest : null, ledger, payload);
      }
      return;
    }
    const event = validated.event;
    const k = eventKey(event.source, event.id);
    const seen = sighting({
      valid: true,
      key: k,
      digest: event.digest,
      replayed,
      seen: record.seen,
      processed,
      refused: record.refused,
      replayedConflict: message.headers[DLQ_HEADERS.replayReason] === CONFLICT,
    });
    // Its letter cannot come back (resend.ts): a validly signed resend is that letter's replay. Asked
    // only of a refused version sent again (a first sighting has no letter).
    const resent =
      !replayed &&
      (seen === 'rejected-earlier' || seen === 'correction') &&
      letterCannotComeBack(event, event.digest, batch, batch.keys);
    const again = replayed || resent;
    if (seen === 'duplicate') record.duplicate(message, event);
    else if (seen === 'rejected-earlier' && !resent) record.rejectedEarlier(message, event);
    else if (seen === 'superseded') record.superseded(message, event);
    else if (seen === 'conflict' && letteredBefore(event, event.digest, replayed, batch))
      record.refusedAgain(message, event, null);
    else if (seen === 'conflict') record.reject(message, conflict(event), event, null, event, event.digest);
    else {
      // A correction sent again from the queue is a replay too: consent is judged now.
      const replay = seen === 'replay' || seen === 'rejected-earlier' || (seen === 'correction' && again);
      const refused = this.judge(message, event, replay, batch);
      // A replay (or a resend judged as the replay of a letter that cannot come back) is a new decision.
      if (refused) auditAttempt(event, refused, again, batch);
      // An old version sent again after its correction: judged (it may go in now), lettered once.
      if (refused && letteredBefore(event, event.digest, again, batch))
        record.refusedAgain(message, event, event.digest);
      // The first rejection of a version is on record already for a replay: it is not recorded again.
      else if (refused)
        record.reject(message, refused, event, seen === 'replay' ? null : event.digest, event, event.digest);
    }
  }

  /** Authorise, references, consent, apply and emit of one new event; its refusal, or null once it is in. */
  private judge(message: DeliveredMessage, event: ValidEvent, replay: boolean, batch: BatchContext): Rejection | null {
    const { record, view, at, receipts } = batch;
    const refused = authorise({ event, topic: message.topic, get: view.lookup });
    if (refused) return refused;
    let applied: Applied;
    let note: string | null = null;
    // Where this event's decisions start: the gate's ALLOW goes on record only if the event goes in.
    const decided = record.audit.length;
    let allowed = false;
    try {
      const unknown = unknownReference(event, view.lookup);
      const gate = unknown
        ? ({ ok: false, rejection: unknown } as const)
        : gateConsent({ event, view, at, replay, audit: record.audit });
      if (gate.ok) note = gate.note;
      allowed = gate.ok;
      applied = gate.ok ? applyEvent({ event, view, at, audit: record.audit, receipts }) : gate;
    } catch (error) {
      applied = { ok: false, rejection: failed(error, 'apply') };
    }
    if (!applied.ok) {
      // Let in by consent, then refused as it was applied (STALE_PREVIOUS_STATUS, CASE_CLOSED, a consent
      // change the lifecycle refuses, …): nothing crossed, so neither the gate's ALLOW nor the entries of
      // changes made before the refusal are recorded; its dead letter says why (probe 11 row 61). A
      // consent refusal (DENY) stays: it is why the event was refused.
      if (allowed) record.audit.length = decided;
      return applied.rejection;
    }
    for (const { label, record: node } of applied.writes) {
      view.put(label, node, event.time);
      if (label === 'Practice') record.practices.push(node);
    }
    const changed = applied.writes.length > 0 || event.canonical.changes.length === 0;
    record.accept(message, event, changed ? 'applied' : 'stale', note);
    emitCaseStatus({ event, writes: applied.writes, view, at, outbox: record.outbox, audit: record.audit });
    return null;
  }
}

/**
 * How the ledger knows a message, and the refusal it meets before it is judged. Under its (source, id)
 * (`trusted`) when it has a usable id, is signed by a key of its source and came on its source's
 * side's topic. Otherwise by its bytes on its topic (`noIdKey`): with no usable id; an event not shown
 * to come from its source (authenticate.ts: SOURCE_NOT_AUTHENTICATED, KEY_RETIRED, BAD_SIGNATURE,
 * before whatever validation found); and an event on the other side's topic, which is not its
 * source's to send (WRONG_TOPIC_FOR_SOURCE, or whatever validation refused it for). Its refusal
 * so neither consumes the id it claims nor supersedes a letter of that source: the partner's event
 * sent later, signed, on its own topic, these bytes or others, is judged as new, and no system can
 * block another's id by sending it under that system's name. `named` is what the receipt and dead letter name.
 */
interface Known {
  readonly named: EventKeyOf | null;
  readonly ledger: { readonly source: string; readonly id: string; readonly digest: string | null };
  readonly trusted: boolean;
  /** Signed by a current key of the catalogue system its source names (authenticate.ts passed it). */
  readonly authenticated: boolean;
  /** Refused before dedupe and judging: off its source's topic (a valid event's only such refusal). */
  readonly refusal: Rejection | null;
}

function knownAs({ message, validated, digest }: Admitted, keys: PartnerKeyring): Known {
  const named = validated.ok ? validated.event : validated.key;
  const partner = validated.ok ? validated.event.partner : named && partnerBySource.get(named.source);
  const stranger = partner ? authenticate(message, partner, keys) : null;
  if (stranger) return { named, ledger: noIdKey(message), trusted: false, authenticated: false, refusal: stranger };
  const authenticated = Boolean(partner);
  const wrongTopic = partner ? offTopic(partner, message.topic) : null;
  if (!named || wrongTopic)
    return {
      named,
      ledger: noIdKey(message),
      trusted: false,
      authenticated,
      refusal: validated.ok ? wrongTopic : null,
    };
  return { named, ledger: { source: named.source, id: named.id, digest }, trusted: true, authenticated, refusal: null };
}

/**
 * A refused consent attempt's audit record (consent-attempt.ts): once for these bytes under this id as
 * partners send them, however often they are sent again; and once more for each replay, a new decision.
 */
function auditAttempt(
  event: ValidEvent,
  rejection: Rejection,
  replayed: boolean,
  { record, processed, view, at }: BatchContext,
): void {
  if (!isConsentAttempt(event)) return;
  const key = attemptEventKey(event);
  if (!replayed && (record.seen.has(key) || processed.has(key))) return;
  const entry = attemptEntry({ event, rejection, get: view.lookup, at });
  if (!entry) return;
  record.audit.push(entry);
  record.mark(attemptKey(event.source, event.id, event.digest), event.digest);
}

/**
 * Whether these bytes under this id have a dead letter already (`letteredKey`): sent again, they are
 * rejected earlier, not lettered once more. A replay from the queue is judged and lettered as ever.
 */
function letteredBefore(
  key: { source: string; id: string } | null,
  digest: string | null,
  replayed: boolean,
  { record, processed }: BatchContext,
): boolean {
  if (replayed || !key || digest === null) return false;
  const k = letteredEventKey(key.source, key.id, digest);
  return record.seen.has(k) || processed.has(k);
}

/** Whether a version under `key` was let in (in this batch, else in the store). */
function isApplied(key: string, { record, processed }: BatchContext): boolean {
  if (record.seen.has(key)) return !record.refused.has(key);
  const p = processed.get(key);
  return p !== undefined && p.disposition !== 'rejected';
}

/** The CloudEvents type, from the binary-mode header or the structured body; null when unreadable. */
function typeOf(m: DeliveredMessage): string | null {
  if (m.headers.ce_type) return m.headers.ce_type;
  const decoded = decode(m);
  return decoded.ok && typeof decoded.event.type === 'string' ? decoded.event.type : null;
}

const CONFLICT = 'DUPLICATE_ID_DIFFERENT_PAYLOAD';

const conflict = (event: ValidEvent): Rejection => ({
  code: CONFLICT,
  message: `id ${event.id} was already received from ${event.source} with a different payload`,
  stage: 'dedupe',
});
