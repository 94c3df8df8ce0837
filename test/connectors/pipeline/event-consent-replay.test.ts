/**
 * A replay is judged now, and a consent the resident granted since may replace the one the event
 * names (docs/operations.md, "Replay the dead-letter queue"): revoked or expired is final, so the
 * resident's fix is always a new consent with a new id. A first delivery keeps to the named consent,
 * in force at the event's own time and still when it is processed. And a refusal names a missing consent and another resident's alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PersonalData } from '../../../connectors/partners/canonical-event.js';
import { eventConsent } from '../../../connectors/pipeline/event-consent.js';
import type { Consent } from '../../../schema/domain/index.js';

const seeded = JSON.parse(readFileSync('deploy/seed/gba/consents.json', 'utf8')) as Consent[];
// con-0004: p-0007's identity, contact and financial data, hk-dpo to gd-hrss, case-0007, revoked 2026-01-25.
const con0004 = seeded.find((c) => c.id === 'con-0004') as Consent;
const EVENT_TIME = '2026-02-02T10:00:00+08:00';
const NOW = '2026-11-15T12:00:00+08:00';
const SERVES = { caseId: 'case-0007', purposes: ['social-security-enrolment'] };
const block = (consentId: string | null): PersonalData => ({
  subject: 'p-0007',
  categories: ['identity', 'contact', 'financial'],
  controller: 'hk-dpo',
  consentId,
  idType: null,
  idNumberMasked: null,
});
/** The resident's new grant on 2026-11-01, as grantConsent makes it; `change` alters it. */
const fresh = (change: Partial<Consent> = {}): Consent => ({
  ...con0004,
  id: 'con-new',
  grantedAt: '2026-11-01T09:00:00+08:00',
  expiresAt: '2027-11-01T09:00:00+08:00',
  revokedAt: null,
  ...change,
});

type Row = [string, { named: string | null; replay: boolean; consents: Consent[] }, string];

// What the gate decides: `allow <consent>[ in place of <named> (<why>)]`, or `deny <code>`.
const ROWS: Row[] = [
  [
    'a first delivery under a consent revoked before its time',
    { named: 'con-0004', replay: false, consents: [con0004, fresh()] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay after a new grant replacing the revoked one',
    { named: 'con-0004', replay: true, consents: [con0004, fresh()] },
    'allow con-new in place of con-0004 (CONSENT_REVOKED)',
  ],
  ['a replay with no new grant', { named: 'con-0004', replay: true, consents: [con0004] }, 'deny CONSENT_REVOKED'],
  [
    'a replay whose new grant was revoked since',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ revokedAt: '2026-11-10T09:00:00+08:00' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay after the named consent expired, with a new grant',
    {
      named: 'con-0004',
      replay: true,
      consents: [{ ...con0004, revokedAt: null, expiresAt: '2026-06-01T00:00:00+08:00' }, fresh()],
    },
    'allow con-new in place of con-0004 (CONSENT_EXPIRED)',
  ],
  [
    'a replay naming a consent that does not exist, with a new grant',
    { named: 'con-gone', replay: true, consents: [fresh()] },
    'allow con-new in place of con-gone (NO_CONSENT)',
  ],
  [
    'a replay whose new grant is for another case',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ case: 'case-0010' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose new grant names no case and another purpose',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ case: null, purpose: 'marketing' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose new grant is for another recipient',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ recipient: 'gd-psd' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose new grant is for another controller',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ controller: 'hk-td' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose new grant does not cover every category',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ dataCategories: ['identity', 'contact'] })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose new grant begins later',
    { named: 'con-0004', replay: true, consents: [con0004, fresh({ grantedAt: '2026-12-01T00:00:00+08:00' })] },
    'deny CONSENT_REVOKED',
  ],
  [
    'a replay whose named consent still serves, beside a newer one',
    { named: 'con-0004', replay: true, consents: [{ ...con0004, revokedAt: null }, fresh()] },
    'allow con-0004',
  ],
];

describe('a replayed event under a consent granted since', () => {
  it.each(ROWS)('%s: %s', (_title, { named, replay, consents }, want) => {
    const decision = eventConsent({
      block: block(named),
      recipient: 'gd-hrss',
      consents,
      time: replay ? NOW : EVENT_TIME,
      processedAt: NOW,
      serves: SERVES,
      replay,
    });
    const got = decision.allowed
      ? `allow ${decision.consent.id}${decision.replaced ? ` in place of ${decision.replaced.id} (${decision.replaced.code})` : ''}`
      : `deny ${decision.code}`;
    expect(got).toBe(want);
  });
});

describe('a refusal naming a consent that is not the subject’s', () => {
  it('reads the same for a consent that does not exist and for another resident’s', () => {
    const otherResidents = { ...con0004, id: 'con-0005', subject: 'p-0009' };
    const refusal = (named: string) =>
      eventConsent({
        block: block(named),
        recipient: 'gd-hrss',
        consents: [con0004, otherResidents],
        time: EVENT_TIME,
        processedAt: NOW,
        serves: SERVES,
      });
    const missing = refusal('con-9999');
    const others = refusal('con-0005');
    if (missing.allowed || others.allowed) throw new Error('both must be refused');
    expect(others.code).toBe(missing.code);
    expect(others.consent).toBe(missing.consent);
    expect(others.message.replace('con-0005', 'ID')).toBe(missing.message.replace('con-9999', 'ID'));
    expect(missing.message).toMatch(/consent con-9999 is not a consent of this subject, controller and recipient$/);
  });
});
