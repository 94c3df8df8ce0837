/**
 * A partner event that grants, revokes or expires a consent, under the one consent lifecycle of
 * services/consent/lifecycle.ts (the rules the GraphQL mutations apply too): revoked or expired is
 * final whatever the event's date, a revocation, an expiry or a re-grant's earlier end takes effect no
 * earlier than when it is processed (its stated time kept as a claim), a re-grant only narrows, the
 * event names the consent's own subject, the recipient is not the controller, a case-bound purpose is
 * one of the case's service's. Each grant, revocation and expiry it makes is an audit record, and is
 * stored with its signed receipt (signed with the rest of its batch's, consent-receipts.ts).
 */
import type { Consent } from '../../schema/domain/index.js';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import { partnerActor } from '../../services/consent/audit/entry.js';
import {
  type Checked,
  checkExpire,
  checkGrant,
  checkRevoke,
  isRequestConsentId,
  type LifecycleEvent,
  lifecycleEntry,
} from '../../services/consent/lifecycle.js';
import type { Change } from '../partners/canonical-event.js';
import type { Lookup } from './authorise.js';
import type { PendingReceipts } from './consent-receipts.js';
import { applyChange } from './merge.js';
import type { Rejection } from './rejection.js';
import type { ValidEvent } from './validate.js';

/**
 * A change revoking a consent. It takes effect when it is processed, whatever the event's time; no
 * consent change is held back as older than the consent's last (apply.ts), so a resident's revocation
 * is never dropped.
 */
export const isRevocation = (change: Change): boolean =>
  change.label === 'Consent' && !change.create && typeof change.set.revokedAt === 'string';

export type ConsentOutcome =
  | { readonly ok: true; readonly record: Consent | null; readonly audit: AuditEntry | null }
  | { readonly ok: false; readonly rejection: Rejection };

function check(
  event: ValidEvent,
  change: Change,
  get: Lookup,
  now: Date,
): { checked: Checked; kind: LifecycleEvent } | Rejection {
  const existing = get('Consent', change.id);
  const source = event.partner.source;
  // A request's consent id is predictable (the request goes out as an event): a partner taking it
  // first would block the resident's approval.
  if (change.create && isRequestConsentId(change.id))
    return {
      code: 'NOT_AUTHORISED_FOR_RECORD',
      message: `consent ids like ${change.id} are given by the platform to approved consent requests`,
      stage: 'consent',
    };
  if (change.create) {
    // The grant is the sending system's: it alone may change or end the consent (lifecycle.ts).
    const built = applyChange<'Consent'>(null, { ...change, create: { ...change.create, grantedBy: source } });
    if (!built.ok) return { code: 'SCHEMA_INVALID_ENTITY', message: built.message, stage: 'apply' };
    const proposed = built.record;
    const kase = proposed.case ? get('Case', proposed.case) : null;
    const service = kase ? get('Service', kase.service) : null;
    const controller = get('Agency', proposed.controller);
    const recipient = get('Agency', proposed.recipient);
    return {
      kind: 'granted',
      checked: checkGrant({ proposed, existing, kase, service, controller, recipient, now }),
    };
  }
  // A revocation or expiry names its subject as the Person the event refers to.
  const subject = event.canonical.references.find((r) => r.label === 'Person')?.id ?? '';
  if (isRevocation(change))
    return {
      kind: 'revoked',
      checked: checkRevoke({ existing, id: change.id, subject, by: source, at: String(change.set.revokedAt), now }),
    };
  return {
    kind: 'expired',
    checked: checkExpire({ existing, id: change.id, subject, by: source, at: String(change.set.expiresAt), now }),
  };
}

export function consentChange({
  event,
  change,
  get,
  now,
  receipts,
}: {
  event: ValidEvent;
  change: Change;
  get: Lookup;
  now: Date;
  /** The batch's receipts, signed together when it commits. */
  receipts: PendingReceipts;
}): ConsentOutcome {
  const result = check(event, change, get, now);
  if ('code' in result) return { ok: false, rejection: result };
  const { checked, kind } = result;
  if (!checked.ok) {
    // The lifecycle names its own field (grantedAt); the partner reads the one it sent (data.shouquan_sj).
    const { code, field, message } = checked.refusal;
    const sent = event.dialect.consentFields[field];
    return {
      ok: false,
      rejection: { code, message: `${sent ? `data.${sent}` : field}: ${message}`, stage: 'consent' },
    };
  }
  if (!checked.changed) return { ok: true, record: null, audit: null };
  // Every receipt's `at` is when the platform recorded the change, as through the API: a partner's
  // dates (revokedAt, grantedAt) are in the signed consent, so a resident's receipts run in the order
  // the changes were made (a revocation dated before the grant was recorded never shows before it).
  return {
    ok: true,
    record: receipts.add(kind, checked.consent, now),
    audit: lifecycleEntry({
      event: kind,
      consent: checked.consent,
      actor: partnerActor(event.partner),
      at: now,
      requestId: event.id,
      via: `event ${event.id} (${event.type})`,
    }),
  };
}
