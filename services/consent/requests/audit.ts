/** Audit entries of a consent request's steps: asked, approved, declined, cancelled, lapsed. */
import type { ConsentRequest, DataCategory } from '../../../schema/domain/index.js';
import type { AuditEntry } from '../audit/audit-log.port.js';
import { type AuditActor, auditEntry } from '../audit/entry.js';

export type Step = 'requested' | 'approved' | 'declined' | 'cancelled' | 'expired' | 'previewed';

/** Who expires a request nobody answered: the platform itself. */
export const PLATFORM_ACTOR: AuditActor = { subject: 'platform', clientId: 'gba-consent', roles: [] };

const REASONS: Record<Step, (r: ConsentRequest) => string> = {
  requested: (r) => `consent requested by ${r.requesterAgency}`,
  approved: (r) => `request approved: ${r.approvedCategories.join(', ')} for ${r.requesterAgency}`,
  declined: (r) => `request declined: nothing for ${r.requesterAgency}`,
  cancelled: (r) => `request cancelled by ${r.requesterAgency}`,
  expired: (r) => `request expired unanswered at ${r.answerBy}`,
  previewed: () => 'the data subject (preview)',
};

/** One entry per step; a decline is recorded as a denial, every other step as allowed. */
export function requestEntry({
  step,
  request,
  actor,
  at,
  requestId,
  categories = request.categories,
}: {
  step: Step;
  request: ConsentRequest;
  actor: AuditActor;
  at: Date;
  requestId: string;
  categories?: readonly DataCategory[];
}): AuditEntry {
  const consent = step === 'approved' && request.consent ? { id: request.consent, version: 1 } : null;
  return auditEntry({
    at,
    actor,
    subject: request.subject,
    categories,
    resource: `consent-request ${request.id} case ${request.case}`,
    verdict: { allowed: step !== 'declined', consent, purpose: request.purpose, reason: REASONS[step](request) },
    requestId,
  });
}
