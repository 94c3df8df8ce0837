/**
 * The consent rule for an inbound event carrying personal data (deploy/seed/gba/README.md): a
 * consent with the same subject and controller, the agency of the case's service as recipient, every
 * category of the block, in force at the event's own time; if the block names a consent, that one.
 * A refusal names the closest consent and why it does not apply.
 */
import type { Consent } from '../../schema/domain/index.js';
import { consentState, isActive, servesCase } from '../../services/consent/decide.js';
import type { PersonalData } from '../partners/canonical-event.js';

export type EventConsentDecision =
  | { readonly allowed: true; readonly consent: Consent }
  | { readonly allowed: false; readonly code: string; readonly message: string; readonly consent: Consent | null };

export interface EventConsentInput {
  readonly block: PersonalData;
  /** The agency of the case's service. */
  readonly recipient: string;
  readonly consents: readonly Consent[];
  /** The event's time. */
  readonly time: string;
  /** The case the data is for and its service's purposes: only a consent that serves it counts. */
  readonly serves?: { readonly caseId: string; readonly purposes: readonly string[] };
}

const day = (t: string) => t.slice(0, 10);

export function eventConsent({ block, recipient, consents, time, serves }: EventConsentInput): EventConsentDecision {
  const at = new Date(time);
  const who = `personal data of ${block.subject} (${block.categories.join(', ')} from ${block.controller} to ${recipient})`;
  const parties = (c: Consent) =>
    c.subject === block.subject && c.controller === block.controller && c.recipient === recipient;
  // As the GraphQL gate: a consent for another case, or for a purpose not of this case's service, does not count.
  const forThisCase = (c: Consent) => !serves || servesCase(c, serves.caseId, serves.purposes);
  let candidates = consents.filter((c) => parties(c) && forThisCase(c));
  if (block.consentId) {
    const named = consents.find((c) => c.id === block.consentId) ?? null;
    if (!named || !candidates.includes(named)) {
      const why = !named
        ? 'does not exist'
        : parties(named)
          ? `is for ${named.case ? `case ${named.case}` : `purpose ${named.purpose}`}, not this case`
          : 'does not name this subject, controller and recipient';
      return {
        allowed: false,
        code: 'NO_CONSENT',
        message: `${who}: consent ${block.consentId} ${why}`,
        consent: named,
      };
    }
    candidates = [named];
  }
  const covering = candidates.filter((c) => block.categories.every((k) => c.dataCategories.includes(k)));
  // The in-force rule is decide.ts's, the one the GraphQL gate applies.
  const inForce = covering.find((c) => isActive(c, at));
  if (inForce) return { allowed: true, consent: inForce };
  const revoked = covering.find((c) => consentState(c, at) === 'revoked');
  if (revoked)
    return {
      allowed: false,
      code: 'CONSENT_REVOKED',
      message: `${who}: consent ${revoked.id} was revoked on ${day(revoked.revokedAt as string)}`,
      consent: revoked,
    };
  const expired = covering.find((c) => consentState(c, at) === 'expired');
  if (expired)
    return {
      allowed: false,
      code: 'CONSENT_EXPIRED',
      message: `${who}: consent ${expired.id} expired on ${day(expired.expiresAt)}`,
      consent: expired,
    };
  const early = covering[0];
  if (early)
    return {
      allowed: false,
      code: 'CONSENT_NOT_YET_GRANTED',
      message: `${who}: consent ${early.id} was granted only at ${early.grantedAt}`,
      consent: early,
    };
  const narrow = candidates[0];
  if (narrow) {
    const missing = block.categories.filter((k) => !narrow.dataCategories.includes(k));
    return {
      allowed: false,
      code: 'CONSENT_SCOPE',
      message: `${who}: consent ${narrow.id} covers ${narrow.dataCategories.join(', ')} only; ${missing.join(', ')} not covered`,
      consent: narrow,
    };
  }
  return { allowed: false, code: 'NO_CONSENT', message: `${who}: no consent covers it`, consent: null };
}
