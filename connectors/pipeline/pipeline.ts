/**
 * The inbound pipeline, one batch of one partition at a time:
 * validate → dedupe by (source, id) → references → consent gate → apply in event-time order → emit
 * to the other side → audit, then one store transaction for the graph changes, the processed-event
 * records, the receipts and the outbox (dead letters and outbound events), then the outbox is
 * published. Redelivered messages find their receipts and change nothing; a crash anywhere loses
 * nothing and applies nothing twice.
 */
import type { Logger } from 'pino';
import type { Case, Consent, NodeLabel, NodeOf, Service } from '../../schema/domain/index.js';
import type { AuditEntry, AuditLog } from '../../services/consent/audit/audit-log.port.js';
import { auditEntry, partnerActor, principalActor } from '../../services/consent/audit/entry.js';
import {
  clockKey,
  type Disposition,
  type EntityClock,
  eventKey,
  type GraphStore,
  type OutboxMessage,
  type ProcessedEvent,
  type Receipt,
} from '../../services/graph/graph-store.port.js';
import type { Batch, DeliveredMessage, EventTransport } from '../transport/event-transport.port.js';
import { authorise, type Lookup } from './authorise.js';
import { decode, STRUCTURED } from './cloudevents.js';
import { consentChange } from './consent-change.js';
import { DLQ_HEADERS, deadLetter } from './dead-letter.js';
import { checkMessage, DEFAULT_LIMITS, type DoorLimits } from './door.js';
import { eventConsent } from './event-consent.js';
import { applyChange, unchangedBy } from './merge.js';
import { caseOutbound } from './outbound.js';
import { digestOf, type Rejection, type Validated, type ValidEvent, validate } from './validate.js';

export interface PipelineDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly transport: EventTransport;
  /** Name in dead-letter headers and logs. @default 'gba-connectors' */
  readonly connector?: string;
  readonly now?: () => Date;
  readonly log?: Logger;
  /** Told of every record a batch changed, once it is committed (announcements reach subscribers so). */
  readonly onApplied?: (label: NodeLabel, record: unknown) => void;
  /** The door's limits (size, depth, ids, clock skew). @default DEFAULT_LIMITS */
  readonly limits?: DoorLimits;
}

export interface BatchOutcome {
  readonly applied: number;
  readonly stale: number;
  readonly duplicates: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** Messages already handled before (a redelivery after a crash). */
  readonly skipped: number;
}

const LOOKUP_LIMIT = 10_000;

interface StepContext {
  readonly out: {
    processed: ProcessedEvent[];
    receipts: Receipt[];
    outbox: OutboxMessage[];
    audit: AuditEntry[];
  };
  readonly counts: { applied: number; stale: number; duplicates: number; rejected: Record<string, number> };
  readonly seen: Map<string, string>;
  readonly processed: ReadonlyMap<string, ProcessedEvent>;
  readonly overlay: Overlay;
  readonly at: Date;
  readonly receipt: (
    m: DeliveredMessage,
    e: { source: string; id: string } | null,
    d: Disposition,
    reason: string | null,
  ) => void;
  readonly reject: (
    m: DeliveredMessage,
    rejection: Rejection,
    key: { source: string; id: string } | null,
    digest: string | null,
  ) => void;
}

interface Checked {
  readonly message: DeliveredMessage;
  readonly digest: string | null;
  readonly validated: Validated;
}

const offsetKey = (m: DeliveredMessage) => `${m.topic}/${m.partition}/${m.offset}`;
const pick = (m: DeliveredMessage) => ({ topic: m.topic, partition: m.partition, offset: m.offset });

/** An exception in one event's processing, as that event's rejection. */
const failed = (error: unknown, stage: Rejection['stage']): Rejection => ({
  code: 'PROCESSING_FAILED',
  message: `processing the event failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
  stage,
});

function sumOutcomes(outcomes: readonly BatchOutcome[]): BatchOutcome {
  const rejected: Record<string, number> = {};
  for (const o of outcomes)
    for (const [code, n] of Object.entries(o.rejected)) rejected[code] = (rejected[code] ?? 0) + n;
  const sum = (k: 'applied' | 'stale' | 'duplicates' | 'skipped') => outcomes.reduce((a, o) => a + o[k], 0);
  return {
    applied: sum('applied'),
    stale: sum('stale'),
    duplicates: sum('duplicates'),
    skipped: sum('skipped'),
    rejected,
  };
}

/** The records one batch reads and writes, with the batch's own changes laid over the store's. */
class Overlay {
  readonly nodes = new Map<string, unknown>();
  readonly dirty = new Map<string, { label: NodeLabel; record: unknown }>();
  readonly clocks = new Map<string, string>();
  readonly dirtyClocks = new Map<string, EntityClock>();
  readonly consents = new Map<string, Consent[]>();

  get<L extends NodeLabel>(label: L, id: string): NodeOf<L> | null {
    return (this.nodes.get(clockKey(label, id)) as NodeOf<L> | undefined) ?? null;
  }

  /** `get`, bound, for the steps that judge against the batch's view. */
  readonly lookup: Lookup = (label, id) => this.get(label, id);

  put(label: NodeLabel, record: { id: string }, time: string): void {
    const key = clockKey(label, record.id);
    this.nodes.set(key, record);
    this.dirty.set(key, { label, record });
    this.clocks.set(key, time);
    this.dirtyClocks.set(key, { label, id: record.id, time });
    // Only the subjects whose consents the batch decides on are kept (see load).
    const consent = record as Consent;
    const list = label === 'Consent' ? this.consents.get(consent.subject) : undefined;
    if (list) {
      const at = list.findIndex((c) => c.id === consent.id);
      if (at >= 0) list[at] = consent;
      else list.push(consent);
    }
  }

  clock(label: NodeLabel, id: string): string | null {
    const key = clockKey(label, id);
    const known = this.clocks.get(key);
    if (known) return known;
    // A case seeded without events carries its own time: nothing older may overwrite it.
    const record = this.nodes.get(key) as { updatedAt?: string } | undefined;
    return label === 'Case' && record?.updatedAt ? record.updatedAt : null;
  }
}

export class Pipeline {
  private readonly store: GraphStore;
  private readonly audit: AuditLog;
  private readonly transport: EventTransport;
  private readonly connector: string;
  private readonly now: () => Date;
  private readonly log: Logger | undefined;
  private readonly onApplied: PipelineDeps['onApplied'];
  private readonly limits: DoorLimits;
  /**
   * Messages whose decisions are in the audit log although their batch did not commit: a retry in
   * this process does not append them again. (A crash between the two appends them once more.)
   */
  private readonly audited = new Set<string>();

  constructor({
    store,
    audit,
    transport,
    connector = 'gba-connectors',
    now = () => new Date(),
    log,
    onApplied,
    limits = DEFAULT_LIMITS,
  }: PipelineDeps) {
    this.onApplied = onApplied;
    this.limits = limits;
    this.store = store;
    this.audit = audit;
    this.transport = transport;
    this.connector = connector;
    this.now = now;
    this.log = log;
  }

  /**
   * Handles a batch; if it fails, each message alone, so one event that always fails (a store
   * constraint, a bug on one shape of input) goes to the dead-letter queue by itself and the rest
   * of its batch goes on. A failure that is not the event's (the store is down) still fails the
   * batch, which the consumer retries.
   */
  async handle(batch: Batch): Promise<BatchOutcome> {
    try {
      return await this.handleTogether(batch);
    } catch (error) {
      if (batch.messages.length <= 1) return this.handleAlone(batch, error);
      this.log?.warn({ err: error, topic: batch.topic, partition: batch.partition }, 'batch failed; each event alone');
      const outcomes: BatchOutcome[] = [];
      for (const message of batch.messages) outcomes.push(await this.handle({ ...batch, messages: [message] }));
      return sumOutcomes(outcomes);
    }
  }

  /** One message that failed: tried once more, then dead-lettered with the error as its reason. */
  private async handleAlone(batch: Batch, error: unknown): Promise<BatchOutcome> {
    const message = batch.messages[0];
    if (!message) throw error;
    try {
      return await this.handleTogether(batch);
    } catch {
      // The dead letter and its receipt commit alone; if even that fails, the store is at fault: retry.
      const at = this.now().toISOString();
      const rejection: Rejection = {
        code: 'PROCESSING_FAILED',
        message: `the event failed twice in processing: ${(error as Error)?.message ?? String(error)}`.slice(0, 1000),
        stage: 'apply',
      };
      await this.store.commitEvents({
        nodes: [],
        clocks: [],
        processed: [],
        receipts: [{ ...pick(message), source: null, eventId: null, disposition: 'rejected', reason: rejection.code }],
        outbox: [deadLetter({ message, rejection, connector: this.connector, key: null, rejectedAt: at })],
      });
      this.audited.delete(offsetKey(message));
      this.log?.error({ err: error, ...pick(message) }, 'event dead-lettered after failing twice');
      return { applied: 0, stale: 0, duplicates: 0, rejected: { [rejection.code]: 1 }, skipped: 0 };
    }
  }

  private async handleTogether(batch: Batch): Promise<BatchOutcome> {
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (!first || !last) return { applied: 0, stale: 0, duplicates: 0, rejected: {}, skipped: 0 };
    const done = new Set(
      (
        await this.store.receipts({
          topic: batch.topic,
          partition: batch.partition,
          from: first.offset,
          to: last.offset,
        })
      ).map((r) => r.offset),
    );
    const todo = batch.messages.filter((m) => !done.has(m.offset));
    const at = this.now();
    const checked = todo.map((message) => this.check(message, at));
    const valid = checked.flatMap((c) => (c.validated.ok ? [c.validated.event] : []));
    const keys = checked.flatMap((c) => {
      const key = c.validated.ok ? c.validated.event : c.validated.key;
      return key ? [eventKey(key.source, key.id)] : [];
    });
    const processed = await this.store.processed(keys);
    const overlay = await this.load(valid);

    const out = {
      processed: [] as ProcessedEvent[],
      receipts: [] as Receipt[],
      outbox: [] as OutboxMessage[],
      audit: [] as AuditEntry[],
    };
    const seen = new Map<string, string>();
    const counts = { applied: 0, stale: 0, duplicates: 0, rejected: {} as Record<string, number> };
    const receipt = (
      m: DeliveredMessage,
      e: { source: string; id: string } | null,
      d: Disposition,
      reason: string | null,
    ) =>
      out.receipts.push({
        topic: m.topic,
        partition: m.partition,
        offset: m.offset,
        source: e?.source ?? null,
        eventId: e?.id ?? null,
        disposition: d,
        reason,
      });
    const reject = (
      m: DeliveredMessage,
      rejection: Rejection,
      key: { source: string; id: string } | null,
      digest: string | null,
    ) => {
      counts.rejected[rejection.code] = (counts.rejected[rejection.code] ?? 0) + 1;
      receipt(m, key, 'rejected', rejection.code);
      out.outbox.push(
        deadLetter({ message: m, rejection, connector: this.connector, key, rejectedAt: at.toISOString() }),
      );
      // The first rejection of an id is recorded, so the same bytes again count as a duplicate.
      if (key && digest !== null) {
        out.processed.push({ ...key, digest, time: at.toISOString(), disposition: 'rejected' });
        seen.set(eventKey(key.source, key.id), digest);
      }
      this.log?.warn(
        { topic: m.topic, partition: m.partition, offset: m.offset, code: rejection.code, eventId: key?.id },
        rejection.message,
      );
    };

    const batchCtx: StepContext = { out, counts, seen, processed, overlay, at, receipt, reject };
    for (const { message, validated, digest } of checked) {
      const auditedBefore = out.audit.length;
      try {
        this.step(message, validated, digest, batchCtx);
      } finally {
        // Decisions already on record from a failed try of this message are not appended again.
        if (this.audited.has(offsetKey(message))) out.audit.length = auditedBefore;
      }
    }

    // Decisions are on record before anything they allowed is stored or sent (fail closed).
    if (out.audit.length > 0) await this.audit.append(out.audit);
    for (const m of todo) this.audited.add(offsetKey(m));
    const nodes = new Map<NodeLabel, NodeOf<NodeLabel>[]>();
    for (const { label, record } of overlay.dirty.values())
      nodes.set(label, [...(nodes.get(label) ?? []), record as NodeOf<NodeLabel>]);
    await this.store.commitEvents({
      nodes: [...nodes].map(([label, records]) => ({ label, records })),
      clocks: [...overlay.dirtyClocks.values()],
      processed: out.processed,
      receipts: out.receipts,
      outbox: out.outbox,
    });
    for (const m of todo) this.audited.delete(offsetKey(m));
    for (const { label, record } of overlay.dirty.values()) this.onApplied?.(label, record);
    await this.flushOutbox();
    return { ...counts, skipped: batch.messages.length - todo.length };
  }

  /** One message through dedupe, references, consent and changes, into the batch's outputs. */
  private step(message: DeliveredMessage, validated: Validated, digest: string | null, ctx: StepContext): void {
    const { out, counts, seen, processed, overlay, at, receipt, reject } = ctx;
    // A replay from the dead-letter queue is never a duplicate of its own first try.
    const isReplay = message.headers[DLQ_HEADERS.replayOf] !== undefined;
    if (!validated.ok) {
      // Without a valid id the event cannot be deduplicated; its receipt stops a redelivery.
      const key = validated.key;
      const earlier = key
        ? (seen.get(eventKey(key.source, key.id)) ?? processed.get(eventKey(key.source, key.id))?.digest)
        : undefined;
      if (isReplay) reject(message, validated.rejection, key, null);
      else if (key && earlier !== undefined && earlier === digest) {
        counts.duplicates++;
        receipt(message, key, 'duplicate', null);
      } else reject(message, validated.rejection, key, earlier === undefined ? digest : null);
      return;
    }
    const event = validated.event;
    const key = eventKey(event.source, event.id);
    const before = seen.get(key) ?? processed.get(key)?.digest;
    const replay = isReplay && processed.get(key)?.disposition === 'rejected' && !seen.has(key);
    if (before !== undefined && !replay) {
      if (before === event.digest) {
        counts.duplicates++;
        receipt(message, event, 'duplicate', null);
      } else {
        reject(
          message,
          {
            code: 'DUPLICATE_ID_DIFFERENT_PAYLOAD',
            message: `id ${event.id} was already received from ${event.source} with a different payload`,
            stage: 'dedupe',
          },
          event,
          null,
        );
      }
      return;
    }
    // The first rejection of an id is on record already for a replay: it is not recorded again.
    const firstDigest = replay ? null : event.digest;
    const refused = authorise({ event, topic: message.topic, get: overlay.lookup });
    if (refused) {
      reject(message, refused, event, firstDigest);
      return;
    }
    let verdict: ReturnType<Pipeline['judge']>;
    try {
      verdict = this.judge(event, overlay, at, out.audit, replay);
    } catch (error) {
      verdict = { ok: false, rejection: failed(error, 'apply') };
    }
    if (!verdict.ok) {
      reject(message, verdict.rejection, event, firstDigest);
      return;
    }
    for (const { label, record } of verdict.writes) overlay.put(label, record, event.time);
    const disposition: Disposition =
      verdict.writes.length > 0 || event.canonical.changes.length === 0 ? 'applied' : 'stale';
    counts[disposition === 'applied' ? 'applied' : 'stale']++;
    receipt(message, event, disposition, null);
    out.processed.push({ source: event.source, id: event.id, digest: event.digest, time: event.time, disposition });
    seen.set(key, event.digest);
    const status = event.canonical.caseStatus;
    if (status && verdict.writes.some((w) => w.label === 'Case')) {
      const kase = overlay.get('Case', status.caseId) as Case;
      const service = overlay.get('Service', kase.service) as Service;
      for (const o of caseOutbound({
        event: { id: event.id, time: event.time, side: event.partner.side },
        change: status,
        personalData: event.canonical.personalData,
        kase,
        service,
        consents: overlay.consents.get(kase.person) ?? [],
        now: at,
      })) {
        out.outbox.push(o.message);
        for (const d of o.decisions)
          out.audit.push(
            auditEntry({
              at,
              actor: principalActor(d.recipient),
              subject: kase.person,
              categories: [d.category],
              resource: `outbound event ${event.id} to ${o.message.topic}`,
              verdict: d.decision,
              requestId: event.id,
            }),
          );
      }
    }
  }

  /** The door, decoding and validation of one message; whatever it throws is that message's fault. */
  private check(message: DeliveredMessage, now: Date): Checked {
    const refused = (rejection: Rejection): Checked => ({
      message,
      digest: null,
      validated: { ok: false, rejection, key: null },
    });
    try {
      const structured = (message.headers['content-type'] ?? '').startsWith(STRUCTURED);
      const limit = checkMessage(message, this.limits, structured);
      if (limit) return refused(limit);
      const decoded = decode(message);
      if (!decoded.ok) return refused({ code: decoded.code, message: decoded.message, stage: 'decode' });
      return {
        message,
        digest: digestOf(decoded.event),
        validated: validate(decoded.event, { limits: this.limits, now }),
      };
    } catch (error) {
      return refused(failed(error, 'validate'));
    }
  }

  private flushing: Promise<number> | null = null;

  /** Publishes what the outbox holds (after a crash, what the last commit queued), then clears it. */
  flushOutbox(): Promise<number> {
    // One flush at a time: a timer and a batch asking together share it.
    this.flushing ??= this.flushNow().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushNow(): Promise<number> {
    let sent = 0;
    for (;;) {
      const pending = await this.store.pendingOutbox(1000);
      if (pending.length === 0) return sent;
      const byTopic = new Map<string, OutboxMessage[]>();
      for (const m of pending) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
      for (const [topic, messages] of byTopic) {
        await this.transport.publish(
          topic,
          messages.map((m) => ({ key: m.key, value: Buffer.from(m.value, 'base64'), headers: m.headers })),
        );
      }
      await this.store.markPublished(pending.map((m) => m.id));
      sent += pending.length;
    }
  }

  /** References, consent and changes of one event, against the batch's view of the graph. */
  private judge(
    event: ValidEvent,
    overlay: Overlay,
    at: Date,
    audit: AuditEntry[],
    replay = false,
  ): { ok: true; writes: { label: NodeLabel; record: { id: string } }[] } | { ok: false; rejection: Rejection } {
    const c = event.canonical;
    const creates = new Set(c.changes.filter((ch) => ch.create).map((ch) => clockKey(ch.label, ch.id)));
    for (const ref of c.references) {
      if (overlay.get(ref.label, ref.id) || creates.has(clockKey(ref.label, ref.id))) continue;
      return {
        ok: false,
        rejection: {
          code: `UNKNOWN_REFERENCE_${ref.label.toUpperCase()}`,
          message: `${ref.field} ${ref.id} does not exist`,
          stage: 'reference',
        },
      };
    }
    if (c.personalData) {
      const kase = c.caseId ? overlay.get('Case', c.caseId) : null;
      const service = kase ? overlay.get('Service', kase.service) : null;
      if (!kase || !service)
        return {
          ok: false,
          rejection: {
            code: 'UNKNOWN_REFERENCE_CASE',
            message: `personal data names no known case (${c.caseId})`,
            stage: 'reference',
          },
        };
      const decision = eventConsent({
        block: c.personalData,
        recipient: service.agency,
        consents: overlay.consents.get(c.personalData.subject) ?? [],
        // A replay carries the data across now: the consent must be in force now (docs/operations.md).
        time: replay ? at.toISOString() : event.time,
      });
      audit.push(
        auditEntry({
          at,
          actor: partnerActor(event.partner),
          subject: c.personalData.subject,
          categories: c.personalData.categories,
          resource: `inbound event ${event.id} (${event.type}) for case ${kase.id}`,
          verdict: decision.allowed
            ? {
                allowed: true,
                consent: decision.consent,
                purpose: decision.consent.purpose,
                reason: `consent ${decision.consent.id}`,
              }
            : {
                allowed: false,
                consent: decision.consent,
                purpose: decision.consent?.purpose ?? null,
                reason: decision.code,
              },
          requestId: event.id,
        }),
      );
      if (!decision.allowed)
        return { ok: false, rejection: { code: decision.code, message: decision.message, stage: 'consent' } };
    }
    const writes: { label: NodeLabel; record: { id: string } }[] = [];
    for (const change of c.changes) {
      if (change.label === 'Consent') {
        // The lifecycle judges first: a final consent stays final whatever the event's date.
        const outcome = consentChange({ event, change, get: overlay.lookup, now: at });
        if (!outcome.ok) return outcome;
        const clock = overlay.clock(change.label, change.id);
        if (!outcome.record || (clock && Date.parse(event.time) < Date.parse(clock))) continue;
        if (outcome.audit) audit.push(outcome.audit);
        writes.push({ label: 'Consent', record: outcome.record });
        continue;
      }
      const clock = overlay.clock(change.label, change.id);
      // An older event is recorded but does not overwrite newer state.
      if (clock && Date.parse(event.time) < Date.parse(clock)) continue;
      const merged = applyChange(overlay.get(change.label, change.id), change);
      if (!merged.ok)
        return { ok: false, rejection: { code: 'SCHEMA_INVALID_ENTITY', message: merged.message, stage: 'apply' } };
      // An announcement already known as it is: not written, so subscribers are not told it again as new.
      if (
        change.label === 'Announcement' &&
        (!merged.changed || unchangedBy(overlay.get(change.label, change.id), change))
      )
        continue;
      writes.push({ label: change.label, record: merged.record as { id: string } });
    }
    return { ok: true, writes };
  }

  /** Every record the batch's events name, their cases' services, the consents of their subjects, the clocks. */
  private async load(events: readonly ValidEvent[]): Promise<Overlay> {
    const overlay = new Overlay();
    const wanted = new Map<NodeLabel, Set<string>>();
    const want = (label: NodeLabel, id: string) => wanted.set(label, (wanted.get(label) ?? new Set()).add(id));
    for (const e of events) {
      for (const r of e.canonical.references) want(r.label, r.id);
      for (const ch of e.canonical.changes) want(ch.label, ch.id);
      if (e.canonical.caseId) want('Case', e.canonical.caseId);
    }
    const fetch = async (label: NodeLabel, ids: Iterable<string>) => {
      const list = [...ids].filter((id) => !overlay.nodes.has(clockKey(label, id)));
      const records = await this.store.getByIds(label, list);
      for (const [i, id] of list.entries()) overlay.nodes.set(clockKey(label, id), records[i] ?? null);
    };
    for (const [label, ids] of wanted) await fetch(label, ids);
    const cases = [...(wanted.get('Case') ?? [])]
      .map((id) => overlay.get('Case', id))
      .filter((k): k is Case => k !== null);
    await fetch(
      'Service',
      cases.map((k) => k.service),
    );
    const subjects = new Set<string>(cases.map((k) => k.person));
    for (const e of events) if (e.canonical.personalData) subjects.add(e.canonical.personalData.subject);
    if (subjects.size > 0) {
      const found = await this.store.find('Consent', {
        where: [{ field: 'subject', op: 'in', values: [...subjects] }],
        first: LOOKUP_LIMIT,
      });
      for (const s of subjects) overlay.consents.set(s, []);
      for (const c of found.records) {
        overlay.consents.get(c.subject)?.push(c);
        overlay.nodes.set(clockKey('Consent', c.id), c);
      }
    }
    // The controllers of changed consents: their jurisdiction says whose consent manager may change them.
    const controllers = new Set<string>();
    for (const e of events)
      for (const ch of e.canonical.changes) {
        if (ch.label !== 'Consent') continue;
        const named = ch.set.controller ?? overlay.get('Consent', ch.id)?.controller;
        if (typeof named === 'string') controllers.add(named);
      }
    await fetch('Agency', controllers);
    const refs = events.flatMap((e) => e.canonical.changes.map((ch) => ({ label: ch.label, id: ch.id })));
    for (const [key, time] of await this.store.clocks(refs)) overlay.clocks.set(key, time);
    return overlay;
  }
}
