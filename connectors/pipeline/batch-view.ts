/**
 * The load step: the records one batch reads and writes, read from the store in a few queries
 * before any event is judged, with the batch's own changes laid over them as it goes, so each event
 * is judged against the graph as the events before it in the batch left it.
 */
import type { Consent, NodeLabel, NodeOf, Service } from '../../schema/domain/index.js';
import { clockKey, type EntityClock, type GraphStore } from '../../services/graph/graph-store.port.js';
import type { Lookup } from './authorise.js';
import type { ValidEvent } from './validate.js';

/** Consents read per batch at most; a subject holds a handful per recipient. */
const LOOKUP_LIMIT = 10_000;

export class BatchView {
  readonly nodes = new Map<string, unknown>();
  readonly dirty = new Map<string, { label: NodeLabel; record: unknown }>();
  readonly clocks = new Map<string, string>();
  readonly dirtyClocks = new Map<string, EntityClock>();
  /** The consents of each subject the batch decides on, as the batch has changed them. */
  readonly consents = new Map<string, Consent[]>();

  get<L extends NodeLabel>(label: L, id: string): NodeOf<L> | null {
    return (this.nodes.get(clockKey(label, id)) as NodeOf<L> | undefined) ?? null;
  }

  /** `get`, bound, for the steps that judge against the batch's view. */
  readonly lookup: Lookup = (label, id) => this.get(label, id);

  /** The record as the batch changed it; its clock never goes back (a revocation older than it is applied). */
  put(label: NodeLabel, record: { id: string }, eventTime: string): void {
    const key = clockKey(label, record.id);
    this.nodes.set(key, record);
    this.dirty.set(key, { label, record });
    const time = this.isOlder(label, record.id, eventTime) ? (this.clock(label, record.id) as string) : eventTime;
    this.clocks.set(key, time);
    this.dirtyClocks.set(key, { label, id: record.id, time });
    // Only the subjects whose consents the batch decides on are kept (see loadBatchView).
    const consent = record as Consent;
    const list = label === 'Consent' ? this.consents.get(consent.subject) : undefined;
    if (list) {
      const at = list.findIndex((c) => c.id === consent.id);
      if (at >= 0) list[at] = consent;
      else list.push(consent);
    }
  }

  /** The event time of the last change applied to a record, or null when none is known. */
  clock(label: NodeLabel, id: string): string | null {
    const key = clockKey(label, id);
    const known = this.clocks.get(key);
    if (known) return known;
    // A case seeded without events carries its own time: nothing older may overwrite it.
    const record = this.nodes.get(key) as { updatedAt?: string } | undefined;
    return label === 'Case' && record?.updatedAt ? record.updatedAt : null;
  }

  /** An event at `time` is older than what the record holds: recorded, but not applied. */
  isOlder(label: NodeLabel, id: string, time: string): boolean {
    const clock = this.clock(label, id);
    return clock !== null && Date.parse(time) < Date.parse(clock);
  }
}

/** Every record the batch's events name, their cases' services, the consents of their subjects, the clocks. */
export async function loadBatchView(store: GraphStore, events: readonly ValidEvent[]): Promise<BatchView> {
  const view = new BatchView();
  const wanted = new Map<NodeLabel, Set<string>>();
  const want = (label: NodeLabel, id: string) => wanted.set(label, (wanted.get(label) ?? new Set()).add(id));
  for (const e of events) {
    for (const r of e.canonical.references) want(r.label, r.id);
    for (const ch of e.canonical.changes) want(ch.label, ch.id);
    if (e.canonical.caseId) want('Case', e.canonical.caseId);
  }
  const fetch = async (label: NodeLabel, ids: Iterable<string>) => {
    const list = [...ids].filter((id) => !view.nodes.has(clockKey(label, id)));
    const records = await store.getByIds(label, list);
    for (const [i, id] of list.entries()) view.nodes.set(clockKey(label, id), records[i] ?? null);
  };
  for (const [label, ids] of wanted) await fetch(label, ids);
  // Plain loops (see handleTogether): a map/filter chain here over cases, none in one batch and some
  // in the next, made V8 drop this function's optimised code and compile it again (about 0.25 s).
  const services: string[] = [];
  const subjects = new Set<string>();
  for (const id of wanted.get('Case') ?? []) {
    const k = view.get('Case', id);
    if (k === null) continue;
    services.push(k.service);
    subjects.add(k.person);
  }
  await fetch('Service', services);
  for (const e of events) if (e.canonical.personalData) subjects.add(e.canonical.personalData.subject);
  if (subjects.size > 0) await loadConsents(store, events, view, subjects);
  // The controllers of changed consents: their jurisdiction says whose consent manager may change them.
  // The recipients of granted ones: a grant's recipientJurisdiction must be its recipient's.
  const agencies = new Set<string>();
  // The controller of personal data: a consent naming no case serves only its controller's cases.
  for (const e of events) if (e.canonical.personalData) agencies.add(e.canonical.personalData.controller);
  // The controllers of the subjects' case-less consents: the outbound rule asks the same of them.
  for (const cs of view.consents.values()) for (const c of cs) if (c.case === null) agencies.add(c.controller);
  for (const e of events)
    for (const ch of e.canonical.changes) {
      if (ch.label !== 'Consent') continue;
      const named = ch.set.controller ?? view.get('Consent', ch.id)?.controller;
      if (typeof named === 'string') agencies.add(named);
      if (typeof ch.set.recipient === 'string') agencies.add(ch.set.recipient);
    }
  await fetch('Agency', agencies);
  const refs: { label: NodeLabel; id: string }[] = [];
  for (const e of events) for (const ch of e.canonical.changes) refs.push({ label: ch.label, id: ch.id });
  for (const [key, time] of await store.clocks(refs)) view.clocks.set(key, time);
  return view;
}

/**
 * The consents of the batch's subjects that its decisions can read: the consent gate asks for a
 * consent naming the agency of the case's service as recipient (or the one the event names), the
 * outbound rule one naming the receiving agency (that service's or the event's controller). So only
 * those recipients are read, plus every consent the batch names by id; the lists keep the store's
 * order (by id), so each decision finds the same consent as over all of a subject's consents, which
 * grow with the years (issue 16: reading them all cost a sixth of the pipeline's time).
 */
async function loadConsents(
  store: GraphStore,
  events: readonly ValidEvent[],
  view: BatchView,
  subjects: ReadonlySet<string>,
): Promise<void> {
  const recipients = new Set<string>();
  for (const [key, record] of view.nodes)
    if (key.startsWith(clockKey('Service', '')) && record) recipients.add((record as Service).agency);
  const named = new Set<string>();
  for (const e of events) {
    const pd = e.canonical.personalData;
    if (pd) recipients.add(pd.controller);
    if (pd?.consentId) named.add(pd.consentId);
    for (const ch of e.canonical.changes) {
      if (ch.label === 'Service' && typeof ch.set.agency === 'string') recipients.add(ch.set.agency);
      if (ch.label === 'Consent') named.add(ch.id);
    }
  }
  const found =
    recipients.size === 0
      ? []
      : (
          await store.find('Consent', {
            where: [
              { field: 'subject', op: 'in', values: [...subjects] },
              { field: 'recipient', op: 'in', values: [...recipients] },
            ],
            first: LOOKUP_LIMIT,
          })
        ).records;
  const byId = new Map(found.map((c) => [c.id, c]));
  const unread = [...named].filter((id) => !byId.has(id));
  for (const c of await store.getByIds('Consent', unread)) if (c) byId.set(c.id, c);
  for (const s of subjects) view.consents.set(s, []);
  for (const c of [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const list = view.consents.get(c.subject);
    if (!list) continue;
    list.push(c);
    view.nodes.set(clockKey('Consent', c.id), c);
  }
}
