/**
 * The consent gate of one request: decides each (case, category) once, appends every decision to
 * the audit log before any personal data is served, and fails closed: if the audit record cannot be
 * written, nothing is disclosed.
 *
 * The fields a query asks of one case reach the gate together (one batch), and the batch looks the
 * subject's consents up once and decides every category asked from that one list: a decision costs
 * the look-up, not a look-up per field.
 */
import type { Case, Consent, DataCategory, JurisdictionId, Service } from '../../schema/domain/index.js';
import type { Principal } from '../identity/authenticator.port.js';
import type { AuditEntry, AuditLog } from './audit/audit-log.port.js';
import { auditEntry, principalActor } from './audit/entry.js';
import { CaseRule, caseAccess, type Decision } from './decide.js';

export interface GateKey {
  readonly kase: Case;
  readonly category: DataCategory;
}

export interface GateDeps {
  readonly viewer: Principal;
  readonly requestId: string;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly service: (id: string) => Promise<Pick<Service, 'purposes'> | null>;
  /** An agency's jurisdiction: a consent naming no case serves only its controller's cases (decide.ts). */
  readonly agency: (id: string) => Promise<{ readonly jurisdiction: JurisdictionId } | null>;
  /** Every consent of the subject, whatever its state; asked once per subject and batch. */
  readonly consentsOf: (subject: string) => Promise<readonly Consent[]>;
}

/** The consent gate of one request: asked for each personal field a resolver is about to serve. */
export interface ConsentGate {
  /** The decision on this category of this case, made and audited once per request. */
  decide(kase: Case, category: DataCategory): Promise<Decision>;
  /**
   * The decisions on these categories of one case, in their order, each made and audited as `decide`
   * makes it: the same batch, the same records, one promise for all of them (a parent field asking
   * for the personal fields it is about to serve).
   */
  decideEach(kase: Case, categories: readonly DataCategory[]): Promise<readonly Decision[]>;
}

const NO_PURPOSES: Pick<Service, 'purposes'> = { purposes: [] };

export function createConsentGate(deps: GateDeps): ConsentGate {
  return new RequestGate(deps);
}

interface Batch {
  readonly keys: GateKey[];
  readonly decisions: Promise<readonly Decision[]>;
}

/** Where one (case, category)'s decision is: its batch's decisions, at this index. */
interface Slot {
  readonly decisions: Promise<readonly Decision[]>;
  readonly at: number;
}

const idOf = (kase: Case, category: DataCategory) => `${kase.id}|${category}`;
const NONE: Promise<readonly Decision[]> = Promise.resolve([]);

/**
 * Batches as DataLoader did (the fields asked until the promise jobs queued so far have run go
 * together) and remembers where each decision is for the request, so a field asked again waits on
 * the same batch; a promise is made per ask rather than DataLoader's several per key. A batch whose
 * audit append fails is forgotten, as DataLoader forgot it, so a later ask decides (and records) again.
 */
class RequestGate implements ConsentGate {
  private readonly decided = new Map<string, Slot>();
  private pending: Batch | null = null;

  constructor(private readonly deps: GateDeps) {}

  decide(kase: Case, category: DataCategory): Promise<Decision> {
    const { decisions, at } = this.slot(kase, category);
    return decisions.then((all) => all[at] as Decision);
  }

  decideEach(kase: Case, categories: readonly DataCategory[]): Promise<readonly Decision[]> {
    if (categories.length === 0) return NONE;
    const slots = categories.map((category) => this.slot(kase, category));
    const [first] = slots as [Slot];
    if (slots.every((s) => s.decisions === first.decisions))
      return first.decisions.then((all) => slots.map((s) => all[s.at] as Decision));
    return Promise.all(slots.map((s) => s.decisions)).then((alls) => slots.map((s, i) => alls[i]?.[s.at] as Decision));
  }

  private slot(kase: Case, category: DataCategory): Slot {
    const id = idOf(kase, category);
    const known = this.decided.get(id);
    if (known) return known;
    const batch = this.pending ?? this.open();
    const slot = { decisions: batch.decisions, at: batch.keys.push({ kase, category }) - 1 };
    this.decided.set(id, slot);
    return slot;
  }

  private open(): Batch {
    const keys: GateKey[] = [];
    const decisions = new Promise<readonly Decision[]>((resolve, reject) => {
      Promise.resolve().then(() =>
        process.nextTick(() => {
          this.pending = null;
          decideAndRecord(this.deps, keys).then(resolve, (error: unknown) => {
            for (const k of keys) this.decided.delete(idOf(k.kase, k.category));
            reject(error);
          });
        }),
      );
    });
    this.pending = { keys, decisions };
    return this.pending;
  }
}

/** One batch: its decisions, each recorded before any is returned. */
async function decideAndRecord(deps: GateDeps, keys: readonly GateKey[]): Promise<readonly Decision[]> {
  const at = deps.now();
  const decisions = await decideAll(deps, keys, at);
  // Fail closed: a failed append rejects every decision of the batch.
  await deps.audit.append(entriesOf(deps, keys, decisions, at));
  return decisions;
}

/** An audit entry and the decision it records, among a case's entries being built. */
interface Recorded {
  readonly decision: Decision;
  readonly entry: AuditEntry & { categories: DataCategory[] };
}

/** Decisions alike but for their category: the same outcome, consent, version, purpose and reason. */
const alike = (a: Decision, b: Decision): boolean =>
  a === b ||
  (a.allowed === b.allowed &&
    a.consent?.id === b.consent?.id &&
    a.consent?.version === b.consent?.version &&
    a.purpose === b.purpose &&
    a.reason === b.reason);

function alikeIn(recorded: readonly Recorded[], decision: Decision): Recorded | undefined {
  for (const r of recorded) if (alike(r.decision, decision)) return r;
  return undefined;
}

/** One record per case and outcome: decisions alike but for their category share a record. */
function entriesOf(deps: GateDeps, keys: readonly GateKey[], decisions: readonly Decision[], at: Date): AuditEntry[] {
  const actor = principalActor(deps.viewer);
  const when = at.toISOString();
  const byCase = new Map<string, Recorded[]>();
  const entries: AuditEntry[] = [];
  for (let i = 0; i < keys.length; i++) {
    const { kase, category } = keys[i] as GateKey;
    const decision = decisions[i] as Decision;
    let recorded = byCase.get(kase.id);
    if (!recorded) {
      recorded = [];
      byCase.set(kase.id, recorded);
    }
    const same = alikeIn(recorded, decision);
    if (same) {
      same.entry.categories.push(category);
      continue;
    }
    const entry = auditEntry({
      at: when,
      actor,
      subject: kase.person,
      categories: [category],
      resource: `case ${kase.id}`,
      verdict: decision,
      requestId: deps.requestId,
    }) as Recorded['entry'];
    recorded.push({ decision, entry });
    entries.push(entry);
  }
  return entries;
}

/**
 * The decisions of a batch, in its order. Only the handling side's decisions depend on consents, so
 * only its subjects are looked up, each once; the service's purposes matter only to a consent that
 * names no case, so the service is looked up only where such a consent names this viewer's agency.
 * Each case's rule is worked out once (decide.ts's CaseRule) for all the categories asked of it.
 */
async function decideAll(deps: GateDeps, keys: readonly GateKey[], now: Date): Promise<Decision[]> {
  const { viewer } = deps;
  const lookups = new Map<string, Promise<readonly Consent[]>>();
  for (const { kase } of keys) {
    if (!lookups.has(kase.person) && caseAccess(viewer, kase) === 'handling')
      lookups.set(kase.person, deps.consentsOf(kase.person));
  }
  // All at once: awaiting them one by one would leave a later rejection unhandled (and Node 20 ends
  // the process on one) while an earlier look-up is still pending, on an asynchronous store.
  const found = await Promise.all(lookups.values());
  const consents = new Map<string, readonly Consent[]>();
  let n = 0;
  for (const subject of lookups.keys()) consents.set(subject, found[n++] ?? []);
  const services = new Map<string, Pick<Service, 'purposes'>>();
  for (const { kase } of keys) {
    const mine = consents.get(kase.person);
    if (services.has(kase.service) || !mine?.some((c) => c.case === null && c.recipient === viewer.agency)) continue;
    services.set(kase.service, (await deps.service(kase.service)) ?? NO_PURPOSES);
  }
  const controllers = new Map<string, JurisdictionId | null>();
  for (const mine of consents.values())
    for (const c of mine)
      if (c.case === null && c.recipient === viewer.agency && !controllers.has(c.controller))
        controllers.set(c.controller, (await deps.agency(c.controller))?.jurisdiction ?? null);
  const jurisdictionOf = (agency: string) => controllers.get(agency) ?? null;
  const rules = new Map<Case, CaseRule>();
  const decisions: Decision[] = [];
  for (const { kase, category } of keys) {
    let rule = rules.get(kase);
    if (!rule) {
      const service = services.get(kase.service) ?? NO_PURPOSES;
      rule = new CaseRule(viewer, kase, service, consents.get(kase.person) ?? [], now, jurisdictionOf);
      rules.set(kase, rule);
    }
    decisions.push(rule.decide(category));
  }
  return decisions;
}
