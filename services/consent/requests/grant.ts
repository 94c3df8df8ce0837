/**
 * The consent artefact an approval creates: the one place a request turns into a consent, so it can
 * move to the consent lifecycle module (grant and revoke with their checks) in one edit.
 */
import type { Case, Consent, ConsentRequest, DataCategory } from '../../../schema/domain/index.js';
import { CONTROLLER_OF } from './rules.js';

export function consentFromRequest({
  request,
  kase,
  categories,
  now,
}: {
  request: ConsentRequest;
  kase: Case;
  categories: readonly DataCategory[];
  now: Date;
}): Consent {
  return {
    // Named after the request, so the link reads both ways and a retried approval cannot make two.
    id: `con-${request.id}`,
    subject: request.subject,
    controller: CONTROLLER_OF[kase.originJurisdiction],
    recipient: request.requesterAgency,
    recipientJurisdiction: request.requesterJurisdiction,
    purpose: request.purpose,
    dataCategories: [...categories],
    legalBasis: 'consent',
    grantedAt: now.toISOString(),
    expiresAt: request.expiresAt,
    revokedAt: null,
    case: request.case,
    version: 1,
    synthetic: false,
  };
}
