import DataLoader from 'dataloader';
import type { BaseContext } from '../../schema/builder.js';
import type { Case, Person } from '../../schema/domain/index.js';
import type { AuditLog } from '../consent/audit/audit-log.port.js';
import { auditEntry, principalActor } from '../consent/audit/entry.js';
import { type ConsentGate, createConsentGate } from '../consent/gate.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { OperationsDeps } from '../operations/dead-letters.js';
import type { AnnouncementDesk } from './announcement-channel.js';

export interface ExchangeContext extends BaseContext {
  readonly store: GraphStore;
  readonly cases: DataLoader<string, Case | null>;
  readonly persons: DataLoader<string, Person | null>;
  /** Present for an authenticated caller; decisions are audited. */
  readonly gate: ConsentGate | undefined;
  readonly announcements: AnnouncementDesk;
  readonly now: () => Date;
  /** Records that a signed-in caller was refused a whole case: a denial is a decision too. */
  readonly auditRefusal: (kase: Case, reason: string) => Promise<void>;
  /**
   * Records a signed-in caller's write that is not about personal data (an announcement published,
   * corrected, withdrawn, or refused), under `subject` (the announcement's id): decisions too.
   */
  readonly auditAction: (action: AuditedAction) => Promise<void>;
  /** The operators' view of the transport; absent where the platform wired none. */
  readonly operations?: OperationsDeps | undefined;
}

export interface AuditedAction {
  readonly subject: string;
  readonly resource: string;
  readonly allowed: boolean;
  readonly reason: string;
}

export interface ExchangeDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly announcements: AnnouncementDesk;
}

export function exchangeContext(
  base: BaseContext,
  { store, audit, now, announcements }: ExchangeDeps,
): ExchangeContext {
  return {
    ...base,
    store,
    announcements,
    now,
    cases: new DataLoader((ids) => store.getByIds('Case', ids)),
    persons: new DataLoader((ids) => store.getByIds('Person', ids)),
    auditRefusal: async (kase, reason) => {
      if (!base.principal) return;
      await audit.append([
        auditEntry({
          at: now(),
          actor: principalActor(base.principal),
          subject: kase.person,
          categories: kase.personalDataCategories,
          resource: `case ${kase.id}`,
          verdict: { allowed: false, consent: null, purpose: null, reason },
          requestId: base.requestId,
        }),
      ]);
    },
    auditAction: async ({ subject, resource, allowed, reason }) => {
      if (!base.principal) return;
      const verdict = { allowed, consent: null, purpose: null, reason };
      const actor = principalActor(base.principal);
      await audit.append([
        auditEntry({ at: now(), actor, subject, categories: [], resource, verdict, requestId: base.requestId }),
      ]);
    },
    gate: base.principal
      ? createConsentGate({
          viewer: base.principal,
          requestId: base.requestId,
          audit,
          now,
          // Straight to the store, which keeps what it read while the file is unchanged: the gate asks
          // once per subject and batch, and a DataLoader here cost more than it saved.
          service: async (id) => (await store.getByIds('Service', [id]))[0] ?? null,
          agency: async (id) => (await store.getByIds('Agency', [id]))[0] ?? null,
          consentsOf: (subject) => store.consentsOf(subject),
        })
      : undefined,
  };
}
