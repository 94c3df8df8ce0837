/** The consent lifecycle's rules, case by case: what the API and the event door both apply. */
import { describe, expect, it } from 'vitest';
import type { Case, Consent } from '../../schema/domain/index.js';
import { checkExpire, checkGrant, checkRevoke, type GrantFacts } from '../../services/consent/lifecycle.js';

const now = new Date('2026-03-01T00:00:00Z');
/** The system that granted `consent`: Yueshengshi, a Mainland consent manager. */
const YSS = 'urn:gba:gd:yueshengshi';
const consent: Consent = {
  id: 'con-x',
  subject: 'p-1',
  controller: 'gd-psd',
  recipient: 'hk-td',
  recipientJurisdiction: 'HK',
  purpose: 'licence-conversion',
  dataCategories: ['contact'],
  legalBasis: 'consent',
  grantedBy: YSS,
  grantedAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-12-31T00:00:00Z',
  revokedAt: null,
  case: null,
  version: 1,
  synthetic: false,
  receipts: [],
};
const kase = { id: 'case-1', person: 'p-1', service: 'svc-1', originJurisdiction: 'SZ' } as Case;
/** The agency the consent names as controller: Guangdong's, which holds the data of a Shenzhen case. */
const controller = { id: 'gd-psd', jurisdiction: 'GD' as const };
const service = { purposes: ['licence-conversion'], agency: 'hk-td' };
const revoked = { ...consent, revokedAt: '2026-02-01T00:00:00Z', version: 2 };
const expired = { ...consent, expiresAt: '2026-02-01T00:00:00Z' };
const wide: Consent = { ...consent, dataCategories: ['contact', 'identity'] };

/** The jurisdiction of each agency the rows name as recipient, as the catalogue holds them. */
const JURISDICTION = { 'hk-td': 'HK', 'hk-dpo': 'HK', 'gd-psd': 'GD', 'sz-gov-data-bureau': 'SZ' } as const;
/** checkGrant with the recipient agency the proposal names, as the doors look it up. */
const grant = (facts: Omit<GrantFacts, 'recipient'>) =>
  checkGrant({
    ...facts,
    recipient: {
      id: facts.proposed.recipient,
      jurisdiction: JURISDICTION[facts.proposed.recipient as keyof typeof JURISDICTION],
    },
  });

describe('checkGrant', () => {
  it.each([
    ['a new consent', consent, null, null, 'ok'],
    [
      'a consent naming the subject’s case for a purpose of its service',
      { ...consent, case: 'case-1' },
      null,
      kase,
      'ok',
    ],
    ['reusing the id of a revoked consent', consent, revoked, null, 'CONSENT_FINAL'],
    ['reusing the id of an expired consent', consent, expired, null, 'CONSENT_FINAL'],
    ['rewriting another subject’s consent', { ...consent, subject: 'p-2' }, consent, null, 'SUBJECT_MISMATCH'],
    ['reusing another subject’s revoked consent id', { ...consent, subject: 'p-2' }, revoked, null, 'SUBJECT_MISMATCH'],
    ['reusing another subject’s expired consent id', { ...consent, subject: 'p-2' }, expired, null, 'SUBJECT_MISMATCH'],
    ['the controller as recipient', { ...consent, recipient: 'gd-psd' }, null, null, 'RECIPIENT_IS_CONTROLLER'],
    [
      'an expiry before the grant',
      { ...consent, expiresAt: '2025-01-01T00:00:00Z' },
      null,
      null,
      'CONSENT_EXPIRES_BEFORE_GRANT',
    ],
    ['a case of someone else', { ...consent, case: 'case-1', subject: 'p-2' }, null, kase, 'CASE_NOT_SUBJECTS'],
    ['a case that does not exist', { ...consent, case: 'case-9' }, null, null, 'CASE_NOT_SUBJECTS'],
    [
      'a purpose not of the case’s service',
      { ...consent, case: 'case-1', purpose: 'marketing' },
      null,
      kase,
      'PURPOSE_NOT_OF_SERVICE',
    ],
    [
      'a recipient that does not handle the case',
      { ...consent, case: 'case-1', recipient: 'sz-gov-data-bureau', recipientJurisdiction: 'SZ' },
      null,
      kase,
      'RECIPIENT_NOT_OF_CASE',
    ],
    [
      'a recipient other than the case’s service’s agency, naming no case',
      { ...consent, recipient: 'hk-dpo', recipientJurisdiction: 'HK' },
      null,
      null,
      'ok',
    ],
  ] as const)('answers %s with %s', (_t, proposed, existing, k, expected) => {
    const r = grant({ proposed, existing, kase: k, service: k ? service : null, controller, now });
    expect(r.ok ? 'ok' : r.refusal.code).toBe(expected);
  });

  it('counts a narrowed re-grant of an active consent as a new version, and the same grant again as no change', () => {
    const narrower = grant({
      proposed: { ...wide, dataCategories: ['contact'], expiresAt: '2026-06-30T00:00:00Z' },
      existing: wide,
      kase: null,
      service: null,
      controller,
      now,
    });
    expect(narrower).toMatchObject({ ok: true, changed: true, consent: { version: 2 } });
    expect(grant({ proposed: consent, existing: consent, kase: null, service: null, controller, now })).toMatchObject({
      ok: true,
      changed: false,
    });
  });

  // A narrowing re-grant's end, like an expiry's, takes effect no earlier than now; the grant time stays the first's.
  it.each([
    [
      'an end already past',
      '2026-02-01T00:00:00Z',
      { expiresAt: now.toISOString(), expiryStatedAt: '2026-02-01T00:00:00Z' },
    ],
    ['an end ahead', '2026-06-30T00:00:00Z', { expiresAt: '2026-06-30T00:00:00Z' }],
  ] as const)('takes a re-grant stating %s no earlier than now', (_what, expiresAt, expected) => {
    const r = grant({
      proposed: { ...wide, dataCategories: ['contact'], expiresAt, grantedAt: '2026-01-15T00:00:00Z' },
      existing: wide,
      kase: null,
      service: null,
      controller,
      now,
    });
    expect(r).toMatchObject({
      ok: true,
      changed: true,
      consent: { ...expected, grantedAt: wide.grantedAt, version: 2 },
    });
    if (r.ok && !('expiryStatedAt' in expected)) expect(r.consent).not.toHaveProperty('expiryStatedAt');
    // The same re-grant again, once taken, changes nothing.
    const again = grant({
      proposed: { ...wide, dataCategories: ['contact'], expiresAt },
      existing: r.ok ? r.consent : wide,
      kase: null,
      service: null,
      controller,
      now: new Date(now.getTime() + 60_000),
    });
    expect(again).toMatchObject({ ok: true, changed: false });
  });

  // The controller holds the data the consent lets go: a known agency, and for a case one of the
  // case's origin jurisdiction (Guangdong covers Shenzhen and Guangzhou).
  it.each([
    ['Guangdong’s agency for a Shenzhen case', 'case-1', { id: 'gd-psd', jurisdiction: 'GD' }, 'ok'],
    ['Shenzhen’s own agency for a Shenzhen case', 'case-1', { id: 'sz-gov-data-bureau', jurisdiction: 'SZ' }, 'ok'],
    [
      'a Hong Kong agency for a Shenzhen case',
      'case-1',
      { id: 'hk-dpo', jurisdiction: 'HK' },
      'CONTROLLER_NOT_OF_CASE',
    ],
    [
      'a Guangzhou agency for a Shenzhen case',
      'case-1',
      { id: 'gz-gov-data-bureau', jurisdiction: 'GZ' },
      'CONTROLLER_NOT_OF_CASE',
    ],
    // Across the boundary from the recipient, hk-td (RECIPIENT_SAME_SIDE otherwise).
    ['any known agency when no case is named', null, { id: 'mo-safp', jurisdiction: 'MO' }, 'ok'],
    ['an agency that does not exist', null, null, 'CONTROLLER_UNKNOWN'],
  ] as const)('names as controller %s: %s', (_t, kaseId, agency, expected) => {
    const proposed = { ...consent, controller: agency?.id ?? 'no-such-agency', case: kaseId };
    const r = grant({ proposed, existing: null, kase: kaseId ? kase : null, service, controller: agency, now });
    expect(r.ok ? 'ok' : [r.refusal.code, r.refusal.field].join(' ')).toBe(
      expected === 'ok' ? 'ok' : `${expected} controller`,
    );
  });

  // Where the data goes is the recipient's own jurisdiction, signed in the receipt: the doors look the
  // recipient up, and a consent saying otherwise is refused (probe 9: hk-td said to be in Shenzhen).
  it.each([
    ['Hong Kong’s hk-td in HK', 'hk-td', 'HK', { id: 'hk-td', jurisdiction: 'HK' }, 'ok'],
    [
      'Hong Kong’s hk-td in SZ',
      'hk-td',
      'SZ',
      { id: 'hk-td', jurisdiction: 'HK' },
      'RECIPIENT_JURISDICTION_MISMATCH recipientJurisdiction',
    ],
    [
      'Shenzhen’s bureau in HK',
      'sz-gov-data-bureau',
      'HK',
      { id: 'sz-gov-data-bureau', jurisdiction: 'SZ' },
      'RECIPIENT_JURISDICTION_MISMATCH recipientJurisdiction',
    ],
    ['an agency that does not exist', 'no-such-agency', 'HK', null, 'RECIPIENT_UNKNOWN recipient'],
  ] as const)('names as recipient %s: %s', (_t, id, where, agency, expected) => {
    const proposed = { ...consent, recipient: id, recipientJurisdiction: where };
    const r = checkGrant({ proposed, existing: null, kase: null, service: null, controller, recipient: agency, now });
    expect(r.ok ? 'ok' : `${r.refusal.code} ${r.refusal.field}`).toBe(expected);
  });

  // A re-grant may only narrow: the terms a receipt signed never widen or change under the same id.
  it.each([
    ['a wider set of categories', { dataCategories: ['contact', 'identity'] }, 'dataCategories'],
    ['a later end', { expiresAt: '2030-12-31T00:00:00Z' }, 'expiresAt'],
    ['another recipient', { recipient: 'sz-gov-data-bureau', recipientJurisdiction: 'SZ' }, 'recipient'],
    ['another controller', { controller: 'hk-dpo' }, 'controller'],
    ['another purpose', { purpose: 'identity-verification' }, 'purpose'],
    ['a case where it named none', { case: 'case-1' }, 'case'],
    ['an earlier grant, putting it in force before it was granted', { grantedAt: '2025-12-01T00:00:00Z' }, 'grantedAt'],
  ] as const)('refuses a re-grant of an active consent with %s', (_what, change, field) => {
    const r = grant({
      proposed: { ...consent, ...change } as Consent,
      existing: consent,
      kase,
      service,
      controller,
      now,
    });
    expect(r.ok ? 'ok' : [r.refusal.code, r.refusal.field]).toEqual(['CONSENT_TERMS_CHANGED', field]);
  });
});

// Times inside a consent are held to the clock as the event's own time is: a partner cannot date a
// grant ahead, stretch it past five years, or end a consent before it began or after now.
describe('the dates a consent carries', () => {
  it.each([
    [
      'a grant dated in the future',
      () =>
        grant({
          proposed: { ...consent, grantedAt: '2026-03-02T00:00:00Z', expiresAt: '2026-12-31T00:00:00Z' },
          existing: null,
          kase: null,
          service: null,
          controller,
          now,
        }),
      'FUTURE_TIME',
    ],
    [
      'a grant lasting more than five years',
      () =>
        grant({
          proposed: { ...consent, expiresAt: '9999-12-31T00:00:00Z' },
          existing: null,
          kase: null,
          service: null,
          controller,
          now,
        }),
      'CONSENT_TOO_LONG',
    ],
    [
      'a revocation dated in the future',
      () => checkRevoke({ existing: consent, id: 'con-x', subject: 'p-1', by: YSS, at: '2099-01-01T00:00:00Z', now }),
      'FUTURE_TIME',
    ],
    [
      'a revocation dated before the grant',
      () => checkRevoke({ existing: consent, id: 'con-x', subject: 'p-1', by: YSS, at: '2025-01-01T00:00:00Z', now }),
      'CONSENT_TIME_BEFORE_GRANT',
    ],
    [
      'an expiry dated before the grant',
      () => checkExpire({ existing: consent, id: 'con-x', subject: 'p-1', by: YSS, at: '2025-12-31T00:00:00Z', now }),
      'CONSENT_TIME_BEFORE_GRANT',
    ],
  ] as const)('refuses %s', (_what, check, code) => {
    const r = check();
    expect(r.ok ? 'ok' : r.refusal.code).toBe(code);
  });
});

describe('checkRevoke and checkExpire', () => {
  const facts = { id: 'con-x', subject: 'p-1', by: YSS, at: '2026-02-15T00:00:00Z', now };
  it.each([
    ['revokes an active consent', checkRevoke, consent, {}, 'ok'],
    ['refuses an unknown consent', checkRevoke, null, {}, 'SUBJECT_MISMATCH'],
    ['refuses another subject', checkRevoke, consent, { subject: 'p-2' }, 'SUBJECT_MISMATCH'],
    [
      'refuses a second revocation, whatever its date',
      checkRevoke,
      revoked,
      { at: '2026-01-15T00:00:00Z' },
      'CONSENT_FINAL',
    ],
    [
      'refuses a revocation by another consent manager',
      checkRevoke,
      consent,
      { by: 'urn:gba:sz:ishenzhen' },
      'CONSENT_MANAGER_MISMATCH',
    ],
    [
      'refuses an expiry by another consent manager',
      checkExpire,
      consent,
      { by: 'urn:gba:sz:ishenzhen' },
      'CONSENT_MANAGER_MISMATCH',
    ],
    ['lets the resident revoke on the platform', checkRevoke, consent, { by: 'platform' }, 'ok'],
    ['brings an expiry forward', checkExpire, consent, {}, 'ok'],
    ['refuses to push an expiry back', checkExpire, consent, { at: '2030-01-01T00:00:00Z' }, 'CONSENT_EXTENDED'],
    ['refuses to change a revoked consent', checkExpire, revoked, {}, 'CONSENT_FINAL'],
  ] as const)('%s', (_t, check, existing, change, expected) => {
    const r = check({ ...facts, existing, ...change });
    expect(r.ok ? 'ok' : r.refusal.code).toBe(expected);
  });
});

describe('a revocation or expiry of a consent that is not the subject’s', () => {
  // Whether the id is unknown or another subject's (in any state), the answer is the same but for the
  // id, so a consent manager learns nothing of which consent ids exist for other residents.
  const facts = { subject: 'p-2', by: YSS, at: '2026-02-15T00:00:00Z', now };
  const unknown = { existing: null, id: 'con-none' };
  const answer = (r: ReturnType<typeof checkRevoke>, id: string) =>
    r.ok ? 'ok' : { ...r.refusal, message: r.refusal.message.replace(id, '<id>') };
  it.each([
    ['revoking another subject’s active consent', checkRevoke, consent],
    ['revoking another subject’s revoked consent', checkRevoke, revoked],
    ['revoking another subject’s expired consent', checkRevoke, expired],
    ['expiring another subject’s active consent', checkExpire, consent],
    ['expiring another subject’s revoked consent', checkExpire, revoked],
    ['expiring another subject’s expired consent', checkExpire, expired],
  ] as const)('%s is answered as an unknown id', (_t, check, existing) => {
    const theirs = answer(check({ ...facts, existing, id: existing.id }), existing.id);
    expect(theirs).toEqual(answer(check({ ...facts, ...unknown }), unknown.id));
    expect(theirs).toEqual({
      code: 'SUBJECT_MISMATCH',
      field: 'id',
      message: 'consent <id> is not a consent of this subject',
    });
  });
});
