/**
 * The emit step: a case status an event applied goes on to the other side of the boundary
 * (outbound.ts says where and with which personal fields), into the batch's outbox, so it is sent
 * only once the batch commits. Each personal field's decision is an audit entry.
 */
import type { Case, Service } from '../../schema/domain/index.js';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import { auditEntry, principalActor } from '../../services/consent/audit/entry.js';
import type { OutboxMessage } from '../../services/graph/graph-store.port.js';
import type { Write } from './apply.js';
import type { BatchView } from './batch-view.js';
import { caseOutbound } from './outbound.js';
import type { ValidEvent } from './validate.js';

export interface EmitInput {
  readonly event: ValidEvent;
  /** What the event wrote: nothing is emitted for a case status that changed nothing. */
  readonly writes: readonly Write[];
  readonly view: BatchView;
  readonly at: Date;
  readonly outbox: OutboxMessage[];
  readonly audit: AuditEntry[];
}

export function emitCaseStatus({ event, writes, view, at, outbox, audit }: EmitInput): void {
  const status = event.canonical.caseStatus;
  if (!status || !writes.some((w) => w.label === 'Case')) return;
  const kase = view.get('Case', status.caseId) as Case;
  const service = view.get('Service', kase.service) as Service;
  for (const o of caseOutbound({
    event: { id: event.id, time: event.time, side: event.partner.side },
    change: status,
    personalData: event.canonical.personalData,
    kase,
    service,
    consents: view.consents.get(kase.person) ?? [],
    now: at,
    // An agency the view has not loaded holds nothing: its case-less consent serves no case here.
    jurisdictionOf: (agency) => view.get('Agency', agency)?.jurisdiction ?? null,
  })) {
    outbox.push(o.message);
    for (const d of o.decisions)
      audit.push(
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
