/**
 * decide.ts's CaseRule, which the gate makes once per case and batch and asks for each category:
 * every category gets the decision `decide` gives for it alone, over a table of consents that each
 * fail one condition (or two that both serve, where the preferred one must win); a frozen consent
 * (as the store's records are) is read once, and one that is not is read again at every decision.
 */
import { describe, expect, it } from 'vitest';
import type { Case, Consent, DataCategory } from '../../schema/domain/index.js';
import { CaseRule, consentState, decide } from '../../services/consent/decide.js';
import type { Principal } from '../../services/identity/authenticator.port.js';

const official: Principal = {
  subject: 'hk-official',
  clientId: 'gba-console',
  roles: ['official'],
  jurisdiction: 'HK',
  agency: 'hk-td',
};
const kase: Case = {
  id: 'case-r1',
  service: 'svc-r',
  person: 'p-r1',
  handlingJurisdiction: 'HK',
  originJurisdiction: 'GD',
  status: 'in-review',
  personalDataCategories: ['identity', 'contact', 'driving-record'],
  submittedAt: '2026-01-01T00:00:00+08:00',
  updatedAt: '2026-01-01T00:00:00+08:00',
  practiceApplied: null,
  synthetic: true,
};
const service = { purposes: ['licence-conversion'] };
const now = new Date('2026-04-01T00:00:00Z');

const consent = (id: string, over: Partial<Consent>): Consent => ({
  id,
  subject: 'p-r1',
  controller: 'gd-psd',
  recipient: 'hk-td',
  recipientJurisdiction: 'HK',
  purpose: 'licence-conversion',
  dataCategories: ['identity'],
  legalBasis: 'consent',
  grantedBy: 'urn:gba:gd:yueshengshi',
  grantedAt: '2026-01-01T00:00:00Z',
  expiresAt: '2027-01-01T00:00:00Z',
  revokedAt: null,
  case: null,
  version: 1,
  synthetic: true,
  receipts: [],
  ...over,
});

const table: Consent[] = [
  consent('for-purpose-early', { dataCategories: ['identity', 'contact'] }),
  consent('for-purpose-late', { dataCategories: ['identity'], grantedAt: '2026-02-01T00:00:00Z' }),
  consent('for-case', { dataCategories: ['driving-record'], case: 'case-r1' }),
  consent('other-case', { dataCategories: ['address'], case: 'case-r9' }),
  consent('other-purpose', { dataCategories: ['health'], purpose: 'credit-data-verification' }),
  consent('revoked', { dataCategories: ['financial'], revokedAt: '2026-03-01T00:00:00Z' }),
  consent('expired', { dataCategories: ['financial'], expiresAt: '2026-03-01T00:00:00Z' }),
  consent('pending', { dataCategories: ['financial'], grantedAt: '2026-05-01T00:00:00Z' }),
  consent('other-recipient', { dataCategories: ['address'], recipient: 'hk-dpo' }),
  consent('other-subject', { dataCategories: ['health'], subject: 'p-r2' }),
];
const CATEGORIES: DataCategory[] = ['identity', 'contact', 'driving-record', 'address', 'health', 'financial'];

function deepFrozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFrozen(v);
    Object.freeze(value);
  }
  return value;
}

const viewers: [string, Principal][] = [
  ['the handling side', official],
  ['the origin side', { ...official, jurisdiction: 'GD', agency: 'gd-psd' }],
  ['the resident', { subject: 'r', clientId: 'gba-console', roles: ['resident'], personId: 'p-r1' }],
  ['another resident', { subject: 'r', clientId: 'gba-console', roles: ['resident'], personId: 'p-r2' }],
];

describe('the rule of one case, asked category by category', () => {
  it.each(viewers)('decides every category as decide does, for %s', (_name, viewer) => {
    const frozen = deepFrozen(structuredClone(table));
    for (const consents of [table, frozen]) {
      const rule = new CaseRule(viewer, kase, service, consents, now);
      for (const category of CATEGORIES)
        expect(rule.decide(category)).toEqual(decide({ viewer, kase, service, category, consents, now }));
    }
  });

  it('chooses the consent naming the case, then the latest grant, and refuses what none covers', () => {
    const rule = new CaseRule(official, kase, service, table, now);
    expect(rule.decide('identity').consent?.id).toBe('for-purpose-late');
    expect(rule.decide('contact').consent?.id).toBe('for-purpose-early');
    expect(rule.decide('driving-record').consent?.id).toBe('for-case');
    for (const category of ['address', 'health', 'financial'] as const)
      expect(rule.decide(category)).toEqual({
        allowed: false,
        consent: null,
        purpose: null,
        reason: `no active consent covers ${category} for hk-td`,
      });
  });

  it('reads a consent that is not frozen again at each decision', () => {
    const changing = consent('changing', { dataCategories: ['contact'] });
    expect(consentState(changing, now)).toBe('active');
    expect(decide({ viewer: official, kase, service, category: 'contact', consents: [changing], now }).allowed).toBe(
      true,
    );
    changing.revokedAt = '2026-03-15T00:00:00Z';
    changing.dataCategories = ['identity'];
    expect(consentState(changing, now)).toBe('revoked');
    expect(decide({ viewer: official, kase, service, category: 'contact', consents: [changing], now }).allowed).toBe(
      false,
    );
  });

  it('reads a frozen consent as it is at every instant', () => {
    const frozen = deepFrozen(consent('frozen', { revokedAt: '2026-03-01T00:00:00Z' }));
    expect(consentState(frozen, new Date('2025-12-01T00:00:00Z'))).toBe('pending');
    expect(consentState(frozen, new Date('2026-02-01T00:00:00Z'))).toBe('active');
    expect(consentState(frozen, now)).toBe('revoked');
  });
});
