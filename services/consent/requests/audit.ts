/** Audit entries of a consent request's steps: asked, approved, declined, cancelled, lapsed. */
import type { ConsentRequest, DataCategory } from '../../../schema/domain/index.js';
import type { Principal } from '../../identity/authenticator.port.js';
import type { AuditEntry } from '../audit/audit-log.port.js';

export type Step = 'requested' | 'approved' | 'declined' | 'cancelled' | 'expired' | 'previewed';

/** Who expires a request nobody answered: the platform itself. */
export const PLATFORM_ACTOR: AuditEntry['actor'] = { subject: 'platform', clientId: 'gba-consent', roles: [] };

export function actorOf(p: Principal): AuditEntry['actor'] {
  return {
    subject: p.subject,
    clientId: p.clientId,
    roles: [...p.roles],
    ...(p.username ? { username: p.username } : {}),
    ...(p.agency ? { agency: p.agency } : {}),
    ...(p.jurisdiction ? { jurisdiction: p.jurisdiction } : {}),
  };
}

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
  actor: AuditEntry['actor'];
  at: Date;
  requestId: string;
  categories?: readonly DataCategory[];
}): AuditEntry {
  return {
    at: at.toISOString(),
    actor,
    subject: request.subject,
    categories: [...categories],
    resource: `consent-request ${request.id} case ${request.case}`,
    purpose: request.purpose,
    consentId: step === 'approved' ? request.consent : null,
    consentVersion: step === 'approved' && request.consent ? 1 : null,
    decision: step === 'declined' ? 'deny' : 'allow',
    reason: REASONS[step](request),
    requestId,
  };
}
