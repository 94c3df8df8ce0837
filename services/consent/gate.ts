/**
 * The consent gate of one request: decides each (case, category) once, appends every decision to
 * the audit log before any personal data is served, and fails closed: if the audit record cannot be
 * written, nothing is disclosed.
 *
 * The fields a query asks of one case reach the gate together (one batch), and the batch looks the
 * subject's consents up once and decides every category asked from that one list: a decision costs
 * the look-up, not a look-up per field.
 */
import DataLoader from 'dataloader';
import type { Case, Consent, DataCategory, Service } from '../../schema/domain/index.js';
import type { Principal } from '../identity/authenticator.port.js';
import type { AuditEntry, AuditLog } from './audit/audit-log.port.js';
import { auditEntry, principalActor } from './audit/entry.js';
import { caseAccess, type Decision, decide } from './decide.js';

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
  /** Every consent of the subject, whatever its state; asked once per subject and batch. */
  readonly consentsOf: (subject: string) => Promise<readonly Consent[]>;
}

export type ConsentGate = DataLoader<GateKey, Decision, string>;

const NO_PURPOSES: Pick<Service, 'purposes'> = { purposes: [] };

export function createConsentGate(deps: GateDeps): ConsentGate {
  const { viewer, requestId, audit, now } = deps;
  const actor = principalActor(viewer);
  return new DataLoader<GateKey, Decision, string>(
    async (keys) => {
      const at = now();
      const decisions = await decideAll(deps, keys, at);
      // One record per case and outcome: decisions alike but for their category share a record.
      const entries = new Map<string, AuditEntry & { categories: DataCategory[] }>();
      keys.forEach(({ kase, category }, i) => {
        const d = decisions[i] as Decision;
        const alike = `${kase.id}|${d.allowed}|${d.consent?.id}|${d.consent?.version}|${d.purpose}|${d.reason}`;
        const entry = entries.get(alike);
        if (entry) {
          entry.categories.push(category);
          return;
        }
        const built = auditEntry({
          at,
          actor,
          subject: kase.person,
          categories: [category],
          resource: `case ${kase.id}`,
          verdict: d,
          requestId,
        });
        entries.set(alike, { ...built, categories: [category] });
      });
      // Fail closed: a failed append rejects every decision of the batch.
      await audit.append([...entries.values()]);
      return decisions;
    },
    { cacheKeyFn: ({ kase, category }) => `${kase.id}|${category}` },
  );
}

/**
 * The decisions of a batch, in its order. Only the handling side's decisions depend on consents, so
 * only its subjects are looked up, each once; the service's purposes matter only to a consent that
 * names no case, so the service is looked up only where such a consent names this viewer's agency.
 */
async function decideAll(deps: GateDeps, keys: readonly GateKey[], now: Date): Promise<Decision[]> {
  const { viewer } = deps;
  const lookups = new Map<string, Promise<readonly Consent[]>>();
  for (const { kase } of keys) {
    if (!lookups.has(kase.person) && caseAccess(viewer, kase) === 'handling')
      lookups.set(kase.person, deps.consentsOf(kase.person));
  }
  const consents = new Map<string, readonly Consent[]>();
  for (const [subject, found] of lookups) consents.set(subject, await found);
  const services = new Map<string, Pick<Service, 'purposes'>>();
  for (const { kase } of keys) {
    const mine = consents.get(kase.person);
    if (services.has(kase.service) || !mine?.some((c) => c.case === null && c.recipient === viewer.agency)) continue;
    services.set(kase.service, (await deps.service(kase.service)) ?? NO_PURPOSES);
  }
  return keys.map(({ kase, category }) =>
    decide({
      viewer,
      kase,
      category,
      service: services.get(kase.service) ?? NO_PURPOSES,
      consents: consents.get(kase.person) ?? [],
      now,
    }),
  );
}
