/**
 * The consent an approval creates, through the consent lifecycle (../lifecycle.ts): its rules decide
 * whether the grant may be made and its entry records it, as for grantConsent and partner events.
 * The request desk stores the consent, with its signed receipt, in the same commit that closes the request.
 */
import {
  type Case,
  type Consent,
  type ConsentRequest,
  type DataCategory,
  PLATFORM_GRANTER,
} from '../../../schema/domain/index.js';
import { badUserInput, notFound } from '../../../schema/errors.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import type { AuditEntry } from '../audit/audit-log.port.js';
import type { AuditActor } from '../audit/entry.js';
import { checkGrant, consentIdOfRequest, lifecycleEntry } from '../lifecycle.js';
import { type ReceiptSigner, withReceipt } from '../receipts.js';
import { CONTROLLER_OF } from './rules.js';

function proposal(request: ConsentRequest, kase: Case, categories: readonly DataCategory[], now: Date): Consent {
  return {
    // Named after the request, so the link reads both ways and a retried approval cannot make two.
    id: consentIdOfRequest(request.id),
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
    grantedBy: PLATFORM_GRANTER,
    version: 1,
    synthetic: false,
    receipts: [],
  };
}

export async function approvedConsent({
  store,
  receipts,
  request,
  categories,
  actor,
  now,
  requestId,
}: {
  store: GraphStore;
  receipts: ReceiptSigner;
  request: ConsentRequest;
  categories: readonly DataCategory[];
  actor: AuditActor;
  now: Date;
  requestId: string;
}): Promise<{ consent: Consent; grantEntry: AuditEntry }> {
  const [kase] = await store.getByIds('Case', [request.case]);
  if (!kase) throw notFound('case', request.case);
  const [service] = await store.getByIds('Service', [kase.service]);
  const proposed = proposal(request, kase, categories, now);
  const [existing] = await store.getByIds('Consent', [proposed.id]);
  const [controller, recipient] = await store.getByIds('Agency', [proposed.controller, proposed.recipient]);
  const checked = checkGrant({
    proposed,
    existing: existing ?? null,
    kase,
    service: service ?? null,
    controller: controller ?? null,
    recipient: recipient ?? null,
    now,
  });
  if (!checked.ok) throw badUserInput(`request.${checked.refusal.field}`, checked.refusal.message);
  const via = `answerConsentRequest ${request.id}`;
  return {
    consent: withReceipt(receipts, 'granted', checked.consent, now),
    grantEntry: lifecycleEntry({ event: 'granted', consent: checked.consent, actor, at: now, requestId, via }),
  };
}
