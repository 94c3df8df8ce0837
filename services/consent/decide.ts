/**
 * The consent rule of DESIGN.md, as one pure function. Personal data of a case belongs to its origin
 * jurisdiction: that side's officials see it, and so does the resident it is about. Anyone else (the
 * handling side included) sees a personal field only while an active consent names the subject, the
 * viewer's agency as recipient and a category set covering the field, and applies to the case: it
 * names the case, or names none and its purpose is one of the case's service's purposes.
 */
import {
  type Case,
  type Consent,
  covers,
  type DataCategory,
  type JurisdictionId,
  type Service,
} from '../../schema/domain/index.js';
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
  /** Whose agency is where: a consent naming no case serves only a controller holding the case's data. */
  readonly jurisdictionOf?: JurisdictionOf;
}

/** Where a consent stands at `now`; revoked wins over expired, whichever came first. */
export type ConsentState = 'pending' | 'active' | 'revoked' | 'expired';

/**
 * What the rule reads of a consent, parsed once: its three instants (NaN where absent or unreadable,
 * which every comparison below treats as Date.parse's NaN was) and its categories as a set.
 */
interface ConsentFacts {
  readonly granted: number;
  readonly expires: number;
  readonly revoked: number;
  readonly categories: ReadonlySet<DataCategory>;
}

/**
 * Facts of the consents that cannot change: the store's records are deeply frozen and shared by
 * every read, so each is parsed once, not at every decision. A consent that is not frozen is parsed
 * again each time (a caller may still change it). Keyed weakly: a record the store lets go goes too.
 */
const frozenFacts = new WeakMap<Consent, ConsentFacts>();

function factsOf(consent: Consent): ConsentFacts {
  let facts = frozenFacts.get(consent);
  if (facts) return facts;
  facts = {
    granted: Date.parse(consent.grantedAt),
    expires: Date.parse(consent.expiresAt),
    revoked: consent.revokedAt === null ? Number.NaN : Date.parse(consent.revokedAt),
    categories: new Set(consent.dataCategories),
  };
  if (Object.isFrozen(consent) && Object.isFrozen(consent.dataCategories)) frozenFacts.set(consent, facts);
  return facts;
}

function stateAt({ granted, expires, revoked }: ConsentFacts, t: number): ConsentState {
  if (revoked <= t) return 'revoked';
  if (expires <= t) return 'expired';
  if (t < granted) return 'pending';
  return 'active';
}

export function consentState(consent: Consent, now: Date): ConsentState {
  return stateAt(factsOf(consent), now.getTime());
}

/** True while the consent is in force at `now`: granted, not expired, not revoked. */
export const isActive = (consent: Consent, now: Date): boolean => consentState(consent, now) === 'active';

/**
 * Whether a consent serves this case: it names the case, or names no case and a purpose of the
 * case's service. The GraphQL gate and the partner-event gate both hold to it.
 */
export const servesCase = (
  consent: Consent,
  kase: Pick<Case, 'id' | 'originJurisdiction'>,
  purposes: readonly string[],
  jurisdictionOf?: JurisdictionOf,
): boolean =>
  consent.case === kase.id ||
  (consent.case === null && purposes.includes(consent.purpose) && holdsData(consent, kase, jurisdictionOf));

/** An agency's jurisdiction, or null when no agency has the id. */
export type JurisdictionOf = (agency: string) => JurisdictionId | null;

/**
 * Whether a consent naming no case is of a controller that holds the case's data (its origin
 * jurisdiction, or one covering it), as lifecycle.ts asks of a consent naming the case
 * (CONTROLLER_NOT_OF_CASE). Issue 16: a Shenzhen controller's consent to hk-td for licence-conversion
 * unlocked Guangzhou's case-0002 (test/consent/no-case-consent-controller.test.ts). Asked only where the
 * caller says whose agency is where (the GraphQL gate, the inbound event gate).
 */
function holdsData(consent: Consent, kase: Pick<Case, 'originJurisdiction'>, jurisdictionOf?: JurisdictionOf): boolean {
  if (!jurisdictionOf) return true;
  const j = jurisdictionOf(consent.controller);
  return j !== null && covers(j, kase.originJurisdiction);
}

/** Whether `c` is preferred to `best` (see `preferred`): naming the case, then the later grant, then the lower id. */
function isPreferred(c: Consent, best: Consent): boolean {
  if ((c.case === null) !== (best.case === null)) return c.case !== null;
  const [granted, bestGranted] = [factsOf(c).granted, factsOf(best).granted];
  if (granted !== bestGranted) return granted > bestGranted;
  return c.id < best.id;
}

/**
 * Which of several consents that all serve a disclosure it is made under: a consent naming the case is
 * the most specific; among equals, the latest grant; among grants of the same instant (two controllers'
 * consents granted at once), the lowest id, so the choice never depends on the order the store lists
 * them in. The GraphQL gate and a replayed event's replacement consent both choose by it, so the audit
 * names the same consent either way.
 */
export function preferred(consents: readonly Consent[]): Consent | null {
  let best: Consent | null = null;
  for (const c of consents) if (!best || isPreferred(c, best)) best = c;
  return best;
}

const SUBJECT: Decision = Object.freeze({ allowed: true, consent: null, purpose: null, reason: 'the data subject' });
const ORIGIN: Decision = Object.freeze({ allowed: true, consent: null, purpose: null, reason: 'origin jurisdiction' });
const FORBIDDEN: Decision = Object.freeze({
  allowed: false,
  consent: null,
  purpose: null,
  reason: 'no access to the case',
});

/**
 * The rule for one viewer and one case at one instant, for as many categories as are asked: the
 * viewer's access and the consents that could apply (the subject's, to the viewer's agency, serving
 * the case, in force) are worked out once, and each category then picks among those. The decision
 * under a consent is made once per consent, so the categories it covers share it.
 */
export class CaseRule {
  private readonly access: CaseAccess;
  private readonly applicable: Consent[] = [];
  private readonly allowedBy = new Map<Consent, Decision>();

  constructor(
    private readonly viewer: Principal,
    kase: Case,
    service: Pick<Service, 'purposes'>,
    consents: readonly Consent[],
    now: Date,
    jurisdictionOf?: JurisdictionOf,
  ) {
    this.access = caseAccess(viewer, kase);
    if (this.access !== 'handling') return;
    const t = now.getTime();
    for (const c of consents)
      if (
        c.subject === kase.person &&
        c.recipient === viewer.agency &&
        servesCase(c, kase, service.purposes, jurisdictionOf) &&
        stateAt(factsOf(c), t) === 'active'
      )
        this.applicable.push(c);
  }

  decide(category: DataCategory): Decision {
    switch (this.access) {
      case 'subject':
        return SUBJECT;
      case 'origin':
        return ORIGIN;
      case 'forbidden':
        return FORBIDDEN;
      case 'handling':
        break;
    }
    let best: Consent | null = null;
    for (const c of this.applicable)
      if (factsOf(c).categories.has(category) && (!best || isPreferred(c, best))) best = c;
    return best ? this.allowedUnder(best) : this.refused(category);
  }

  private allowedUnder(consent: Consent): Decision {
    let decision = this.allowedBy.get(consent);
    if (!decision) {
      decision = { allowed: true, consent, purpose: consent.purpose, reason: `consent ${consent.id}` };
      this.allowedBy.set(consent, decision);
    }
    return decision;
  }

  private refused(category: DataCategory): Decision {
    return {
      allowed: false,
      consent: null,
      purpose: null,
      reason: `no active consent covers ${category} for ${this.viewer.agency ?? 'this viewer'}`,
    };
  }
}

export function decide({ viewer, kase, service, category, consents, now, jurisdictionOf }: DecideInput): Decision {
  return new CaseRule(viewer, kase, service, consents, now, jurisdictionOf).decide(category);
}
