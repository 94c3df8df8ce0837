/**
 * The partner-event gate counts a consent only for the case it serves, as the GraphQL gate does
 * (services/consent/decide.ts, servesCase): a consent naming another case, or naming no case and a
 * purpose that is not the case's service's, lets no personal data in. A tester had a Transport
 * Department event for case-0003 accepted under a resident's consent for case-0010.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PersonalData } from '../../../connectors/partners/canonical-event.js';
import { eventConsent } from '../../../connectors/pipeline/event-consent.js';
import type { Consent } from '../../../schema/domain/index.js';

const seeded = JSON.parse(readFileSync('deploy/seed/gba/consents.json', 'utf8')) as Consent[];
// con-0001: p-0004's identity and driving record, from gd-psd to hk-td, for case-0001 (licence-conversion).
const con0001 = seeded.find((c) => c.id === 'con-0001') as Consent;
const block = (consentId: string | null): PersonalData => ({
  subject: 'p-0004',
  categories: ['identity'],
  controller: 'gd-psd',
  consentId,
  idType: null,
  idNumberMasked: null,
});
const DRIVING = ['licence-conversion', 'licence-verification-result'];

describe('the partner-event gate, by the case a consent serves', () => {
  it.each([
    ['the consent named, for this case', con0001, 'con-0001', 'case-0001', DRIVING, true],
    ['the consent named, for another case', con0001, 'con-0001', 'case-0003', DRIVING, false],
    ['no consent named, the only one for another case', con0001, null, 'case-0003', DRIVING, false],
    [
      'a consent naming no case, of a purpose of the service',
      { ...con0001, case: null },
      null,
      'case-0003',
      DRIVING,
      true,
    ],
    [
      'a consent naming no case, of a purpose not of the service',
      { ...con0001, case: null, purpose: 'marketing' },
      null,
      'case-0003',
      DRIVING,
      false,
    ],
  ] as const)('%s: allowed %s', (_title, consent, consentId, caseId, purposes, allowed) => {
    const decision = eventConsent({
      block: block(consentId),
      recipient: 'hk-td',
      consents: [consent],
      time: '2026-02-01T10:00:00+08:00',
      processedAt: '2026-02-01T10:00:00+08:00',
      serves: { caseId, purposes },
    });
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.code).toBe('NO_CONSENT');
  });

  it('says why a named consent of the same parties does not count', () => {
    const decision = eventConsent({
      block: block('con-0001'),
      recipient: 'hk-td',
      consents: [con0001],
      time: '2026-02-01T10:00:00+08:00',
      processedAt: '2026-02-01T10:00:00+08:00',
      serves: { caseId: 'case-0003', purposes: DRIVING },
    });
    expect(decision).toMatchObject({
      allowed: false,
      message: expect.stringContaining('is for case case-0001, not this case'),
    });
  });
});
