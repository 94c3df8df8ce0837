/**
 * The consent rule for an inbound event carrying personal data (deploy/seed/gba/README.md): a
 * consent with the same subject and controller, the agency of the case's service as recipient, every
 * category of the block, in force at the event's own time and still in force when the platform
 * processes it (the data crosses the boundary then: a consent revoked or expired since the event, or
 * granted only after it is processed, does not let it in); if the block names a consent, that one.
 * A refusal names the closest consent and why it does not apply.
 *
 * A replay from the dead-letter queue is judged now (docs/operations.md). If the consent it names
 * does not let it in now (missing, revoked, expired, too narrow), any consent of the same subject,
 * controller and recipient that serves the case, covers every category and is in force now does,
 * as the GraphQL gate would let the data be seen now: revoked or expired is final, so the resident's
 * fix is a new consent with a new id, which the event cannot name. Among several, the one the gate
 * would disclose under (decide.ts's `preferred`: case-bound first, then the latest grant). The decision
 * says which consent replaced the named one. Without such a consent the named one's refusal stands.
 */
import type { Consent, JurisdictionId } from '../../schema/domain/index.js';
import { consentState, isActive, type JurisdictionOf, preferred, servesCase } from '../../services/consent/decide.js';
import type { PersonalData } from '../partners/canonical-event.js';

export type EventConsentDecision =
  | {
      readonly allowed: true;
      readonly consent: Consent;
      /** On a replay: the consent the event named, which `consent` replaced, and why it did not serve. */
      readonly replaced?: { readonly id: string; readonly code: string };
    }
  | { readonly allowed: false; readonly code: string; readonly message: string; readonly consent: Consent | null };

export interface EventConsentInput {
  readonly block: PersonalData;
  /** The agency of the case's service. */
  readonly recipient: string;
  readonly consents: readonly Consent[];
  /** The event's time. */
  readonly time: string;
  /** When the platform processes the event (its clock): the consent must be in force then too. */
  readonly processedAt: string;
  /** The case the data is for and its service's purposes: only a consent that serves it counts. */
  readonly serves?: {
    readonly caseId: string;
    readonly purposes: readonly string[];
    /** The case's origin, and the controllers' jurisdictions: a consent naming no case serves only its controller's cases. */
    readonly origin?: JurisdictionId;
    readonly jurisdictionOf?: JurisdictionOf;
  };
  /** A replay from the dead-letter queue (judged at `time`, now): another consent may replace the named one. */
  readonly replay?: boolean;
}

const day = (t: string) => t.slice(0, 10);

export function eventConsent(input: EventConsentInput): EventConsentDecision {
  const named = input.block.consentId;
  const strict = judge(input, named);
  if (strict.allowed || !input.replay || named === null) return strict;
  const other = judge(input, null);
  return other.allowed ? { ...other, replaced: { id: named, code: strict.code } } : strict;
}

/** The decision under the consent `consentId` only, or any of the parties' when null. */
function judge(
  { block, recipient, consents, time, processedAt, serves }: EventConsentInput,
  consentId: string | null,
): EventConsentDecision {
  const at = new Date(time);
  const now = new Date(processedAt);
  const who = `personal data of ${block.subject} (${block.categories.join(', ')} from ${block.controller} to ${recipient})`;
  const parties = (c: Consent) =>
    c.subject === block.subject && c.controller === block.controller && c.recipient === recipient;
  // As the GraphQL gate: a consent for another case, or for a purpose not of this case's service, does not count.
  const forThisCase = (c: Consent) =>
    !serves ||
    servesCase(
      c,
      { id: serves.caseId, originJurisdiction: serves.origin ?? ('' as JurisdictionId) },
      serves.purposes,
      serves.origin ? serves.jurisdictionOf : undefined,
    );
  let candidates = consents.filter((c) => parties(c) && forThisCase(c));
  if (consentId) {
    const found = consents.find((c) => c.id === consentId) ?? null;
    // One answer for a consent that does not exist and one of another resident or agency pair, so a
    // refusal tells a partner nothing of which ids exist.
    const named = found && parties(found) ? found : null;
    if (!named || !candidates.includes(named)) {
      const why = named
        ? `is for ${named.case ? `case ${named.case}` : `purpose ${named.purpose}`}, not this case`
        : 'is not a consent of this subject, controller and recipient';
      return { allowed: false, code: 'NO_CONSENT', message: `${who}: consent ${consentId} ${why}`, consent: named };
    }
    candidates = [named];
  }
  const covering = candidates.filter((c) => block.categories.every((k) => c.dataCategories.includes(k)));
  // The in-force rule, and the choice among several in force, are decide.ts's, the GraphQL gate's.
  const thenInForce = covering.filter((c) => isActive(c, at));
  const inForce = preferred(thenInForce.filter((c) => isActive(c, now)));
  if (inForce) return { allowed: true, consent: inForce };
  const lapsedSince = preferred(thenInForce);
  if (lapsedSince) return lapsed(who, lapsedSince, now);
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

/** The refusal under a consent in force at the event's time but not when the event is processed. */
function lapsed(who: string, consent: Consent, now: Date): EventConsentDecision {
  const refuse = (code: string, what: string): EventConsentDecision => ({
    allowed: false,
    code,
    message: `${who}: consent ${consent.id} ${what}`,
    consent,
  });
  switch (consentState(consent, now)) {
    case 'revoked':
      return refuse(
        'CONSENT_REVOKED',
        `was revoked on ${day(consent.revokedAt as string)}, since the event and before it was processed`,
      );
    case 'expired':
      return refuse(
        'CONSENT_EXPIRED',
        `expired on ${day(consent.expiresAt)}, since the event and before it was processed`,
      );
    default:
      return refuse(
        'CONSENT_NOT_YET_GRANTED',
        `was granted only at ${consent.grantedAt}, after the event was processed`,
      );
  }
}
