/**
 * The consent gate of one request: decides each (case, category) once, appends every decision to
 * the audit log before any personal data is served, and fails closed: if the audit record cannot be
 * written, nothing is disclosed.
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
  readonly consentsOf: (subject: string) => Promise<readonly Consent[]>;
}

export type ConsentGate = DataLoader<GateKey, Decision, string>;

export function createConsentGate(deps: GateDeps): ConsentGate {
  const { viewer, requestId, audit, now } = deps;
  const actor = principalActor(viewer);
  return new DataLoader<GateKey, Decision, string>(
    async (keys) => {
      const at = now();
      const decisions = await Promise.all(
        keys.map(async ({ kase, category }) => {
          // Only the handling side's decision depends on consents; the others need no lookup.
          const handling = caseAccess(viewer, kase) === 'handling';
          const consents = handling ? await deps.consentsOf(kase.person) : [];
          // The service's purposes matter only for a consent that names no case.
          const caseless = consents.some((c) => c.case === null && c.recipient === viewer.agency);
          return decide({
            viewer,
            kase,
            category,
            service: (caseless && (await deps.service(kase.service))) || { purposes: [] },
            consents,
            now: at,
          });
        }),
      );
      // One record per case and outcome: decisions alike but for their category share a record.
      const entries = new Map<string, AuditEntry & { categories: DataCategory[] }>();
      keys.forEach(({ kase, category }, i) => {
        const d = decisions[i] as Decision;
        const alike = [kase.id, d.allowed, d.consent?.id, d.consent?.version, d.purpose, d.reason].join('|');
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
