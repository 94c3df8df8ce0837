/**
 * The consent rule of DESIGN.md, as one pure function. Personal data of a case belongs to its origin
 * jurisdiction: that side's officials see it, and so does the resident it is about. Anyone else (the
 * handling side included) sees a personal field only while an active consent names the subject, the
 * viewer's agency as recipient and a category set covering the field, and applies to the case: it
 * names the case, or names none and its purpose is one of the case's service's purposes.
 */
import type { Case, Consent, DataCategory, Service } from '../../schema/domain/index.js';
import type { Principal } from '../identity/authenticator.port.js';
import { hasRole } from '../identity/authenticator.port.js';

export type CaseAccess = 'origin' | 'handling' | 'subject' | 'forbidden';

/** Who may see a case at all: officials of its two sides, and the resident it is about. */
export function caseAccess(viewer: Principal, kase: Case): CaseAccess {
  if (hasRole(viewer, 'resident') && viewer.personId === kase.person) return 'subject';
  if (hasRole(viewer, 'official')) {
    if (viewer.jurisdiction === kase.originJurisdiction) return 'origin';
    if (viewer.jurisdiction === kase.handlingJurisdiction) return 'handling';
  }
  return 'forbidden';
}

export interface Decision {
  readonly allowed: boolean;
  readonly consent: Consent | null;
  readonly purpose: string | null;
  readonly reason: string;
}

export interface DecideInput {
  readonly viewer: Principal;
  readonly kase: Case;
  readonly service: Pick<Service, 'purposes'>;
  readonly category: DataCategory;
  /** The subject's consents (any others are ignored). */
  readonly consents: readonly Consent[];
  readonly now: Date;
}

/** Where a consent stands at `now`; revoked wins over expired, whichever came first. */
export type ConsentState = 'pending' | 'active' | 'revoked' | 'expired';

export function consentState(consent: Consent, now: Date): ConsentState {
  const t = now.getTime();
  if (consent.revokedAt !== null && Date.parse(consent.revokedAt) <= t) return 'revoked';
  if (Date.parse(consent.expiresAt) <= t) return 'expired';
  if (t < Date.parse(consent.grantedAt)) return 'pending';
  return 'active';
}

/** True while the consent is in force at `now`: granted, not expired, not revoked. */
export const isActive = (consent: Consent, now: Date): boolean => consentState(consent, now) === 'active';

/**
 * Whether a consent serves this case: it names the case, or names no case and a purpose of the
 * case's service. The GraphQL gate and the partner-event gate both hold to it.
 */
export const servesCase = (consent: Consent, caseId: string, purposes: readonly string[]): boolean =>
  consent.case === caseId || (consent.case === null && purposes.includes(consent.purpose));

/**
 * Which of several consents that all serve a disclosure it is made under: a consent naming the case is
 * the most specific; among equals, the latest grant (the first listed on a tie). The GraphQL gate and a
 * replayed event's replacement consent both choose by it, so the audit names the same consent either way.
 */
export function preferred(consents: readonly Consent[]): Consent | null {
  let best: Consent | null = null;
  for (const c of consents)
    if (
      !best ||
      (c.case !== null && best.case === null) ||
      ((c.case === null) === (best.case === null) && Date.parse(c.grantedAt) > Date.parse(best.grantedAt))
    )
      best = c;
  return best;
}

export function decide({ viewer, kase, service, category, consents, now }: DecideInput): Decision {
  switch (caseAccess(viewer, kase)) {
    case 'subject':
      return { allowed: true, consent: null, purpose: null, reason: 'the data subject' };
    case 'origin':
      return { allowed: true, consent: null, purpose: null, reason: 'origin jurisdiction' };
    case 'forbidden':
      return { allowed: false, consent: null, purpose: null, reason: 'no access to the case' };
    case 'handling':
      break;
  }
  const best = preferred(
    consents.filter(
      (c) =>
        c.subject === kase.person &&
        c.recipient === viewer.agency &&
        c.dataCategories.includes(category) &&
        servesCase(c, kase.id, service.purposes) &&
        isActive(c, now),
    ),
  );
  return best
    ? { allowed: true, consent: best, purpose: best.purpose, reason: `consent ${best.id}` }
    : {
        allowed: false,
        consent: null,
        purpose: null,
        reason: `no active consent covers ${category} for ${viewer.agency ?? 'this viewer'}`,
      };
}
