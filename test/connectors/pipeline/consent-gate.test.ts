/**
 * The consent step: personal data in an event crosses only under a consent in force, at the event's
 * own time and still when it is processed, or now for a replay; each decision, allow or deny, is one audit entry.
 * case-0006's data (p-0006) goes to gd-psd under con-0003: identity and address, 2025-12-01 to 2027-06-01.
 */
import { describe, expect, it } from 'vitest';
import { loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { gateConsent } from '../../../connectors/pipeline/consent-gate.js';
import type { Case, Consent } from '../../../schema/domain/index.js';
import type { AuditEntry } from '../../../services/consent/audit/audit-log.port.js';
import { decide } from '../../../services/consent/decide.js';
import { caseStatus, NOW, PERSONAL, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();
const AFTER_EXPIRY = new Date('2027-07-01T00:00:00+08:00');

const ROWS: [string, Record<string, unknown>, { at?: Date; replay?: boolean }, string | null, string | null][] = [
  ['an event without personal data', {}, {}, null, null],
  ['identity under con-0003, in force', { personalData: PERSONAL }, {}, null, 'allow con-0003'],
  [
    'contact, which con-0003 does not cover',
    { personalData: { ...PERSONAL, categories: ['contact'] } },
    {},
    'CONSENT_SCOPE',
    'deny con-0003',
  ],
  [
    'a consent id that does not exist',
    { personalData: { ...PERSONAL, consentId: 'con-9999' } },
    {},
    'NO_CONSENT',
    'deny -',
  ],
  [
    'a first delivery in force at its own time, processed after the consent expired',
    { personalData: PERSONAL },
    { at: AFTER_EXPIRY },
    'CONSENT_EXPIRED',
    'deny con-0003',
  ],
  [
    'a replay judged now, after the consent has expired',
    { personalData: PERSONAL },
    { at: AFTER_EXPIRY, replay: true },
    'CONSENT_EXPIRED',
    'deny con-0003',
  ],
];

describe('the consent step', () => {
  it.each(ROWS)('%s: %s', async (_title, data, { at = NOW, replay = false }, code, entry) => {
    const event = valid(caseStatus(`G-${code}`, data));
    const view = await loadBatchView(store, [event]);
    const audit: AuditEntry[] = [];
    const outcome = gateConsent({ event, view, at, replay, audit });
    expect(outcome.ok ? null : outcome.rejection.code).toBe(code);
    expect(audit.map((a) => `${a.decision} ${a.consentId ?? '-'}`)).toEqual(entry ? [entry] : []);
    for (const a of audit) expect(a).toMatchObject({ subject: 'p-0006', requestId: event.id, at: at.toISOString() });
  });
});

/** A new grant to gd-psd for p-0006's identity, after con-0003 expired: case-bound unless `purposeOnly`. */
const grant = (id: string, grantedAt: string, purposeOnly = false): Consent => ({
  id,
  subject: 'p-0006',
  controller: 'hk-dpo',
  recipient: 'gd-psd',
  recipientJurisdiction: 'GD',
  purpose: 'residence-permit-application',
  dataCategories: ['identity'],
  legalBasis: 'consent',
  grantedBy: 'urn:gba:gd:yueshengshi',
  grantedAt,
  expiresAt: '2028-06-01T00:00:00+08:00',
  revokedAt: null,
  case: purposeOnly ? null : 'case-0006',
  version: 1,
  synthetic: false,
  receipts: [],
});
const EARLY = '2027-06-10T09:00:00+08:00';
const LATE = '2027-06-20T09:00:00+08:00';

// Several consents in force replace the expired con-0003 on a replay; up to the ties, the ids are such
// that "the first by id" would be wrong every time. Grants of the same instant: the lower id, in either order.
const CHOICES: [string, Consent[], string][] = [
  ['a case-bound and a later purpose-only grant', [grant('con-a', LATE, true), grant('con-b', EARLY)], 'con-b'],
  ['a purpose-only and a later case-bound grant', [grant('con-a', EARLY, true), grant('con-b', LATE)], 'con-b'],
  ['two purpose-only grants', [grant('con-a', EARLY, true), grant('con-b', LATE, true)], 'con-b'],
  ['two case-bound grants', [grant('con-a', EARLY), grant('con-b', LATE)], 'con-b'],
  ['two case-bound grants, the later listed first', [grant('con-b', LATE), grant('con-a', EARLY)], 'con-b'],
  [
    // 02:00Z is an hour after LATE (01:00Z), though it reads as earlier than LATE's 09:00+08:00.
    'a later grant written in another offset',
    [grant('con-a', LATE), grant('con-b', '2027-06-20T02:00:00Z')],
    'con-b',
  ],
  ['two case-bound grants of the same instant', [grant('con-a', LATE), grant('con-b', LATE)], 'con-a'],
  [
    'two case-bound grants of the same instant, the higher id first',
    [grant('con-b', LATE), grant('con-a', LATE)],
    'con-a',
  ],
  [
    'the same instant written in another offset, the higher id first',
    [grant('con-b', '2027-06-20T01:00:00Z'), grant('con-a', LATE)],
    'con-a',
  ],
];

describe('a replay whose named consent no longer serves, with several in force', () => {
  it.each(CHOICES)('%s: the audit names the consent the GraphQL gate discloses under', async (_t, consents, want) => {
    const event = valid(
      caseStatus(`G-choice-${want}-${consents.map((c) => c.id).join('-')}`, { personalData: PERSONAL }),
    );
    const view = await loadBatchView(store, [event]);
    view.consents.set('p-0006', [...(view.consents.get('p-0006') ?? []), ...consents]);
    const audit: AuditEntry[] = [];
    expect(gateConsent({ event, view, at: AFTER_EXPIRY, replay: true, audit }).ok).toBe(true);
    const official = {
      subject: 'u',
      clientId: 'c',
      roles: ['official'],
      jurisdiction: 'GD',
      agency: 'gd-psd',
    } as const;
    const gate = decide({
      viewer: official,
      kase: view.get('Case', 'case-0006') as Case,
      service: { purposes: ['residence-permit-application'] },
      category: 'identity',
      consents: view.consents.get('p-0006') ?? [],
      now: AFTER_EXPIRY,
    });
    expect(audit.map((a) => a.consentId)).toEqual([want]);
    expect(gate.consent?.id).toBe(want);
  });
});

describe('the GraphQL gate, between consents of two controllers granted at the same instant', () => {
  const official = { subject: 'u', clientId: 'c', roles: ['official'], jurisdiction: 'GD', agency: 'gd-psd' } as const;
  const fromMacao = { ...grant('con-0100', LATE), controller: 'mo-dsaj' };
  const fromHk = grant('con-0200', '2027-06-20T01:00:00Z');
  it.each([
    ['the lower id listed first', [fromMacao, fromHk]],
    ['the higher id listed first', [fromHk, fromMacao]],
  ])('discloses under the lower id whatever the order (%s)', async (_t, consents) => {
    const gate = decide({
      viewer: official,
      kase: (await store.getByIds('Case', ['case-0006']))[0] as Case,
      service: { purposes: ['residence-permit-application'] },
      category: 'identity',
      consents,
      now: AFTER_EXPIRY,
    });
    expect(gate.consent?.id).toBe('con-0100');
  });
});
