/**
 * A partner's revocation takes effect when the platform processes it, whatever time it states
 * (services/consent/lifecycle.ts): the stated time is kept as the consent manager's claim. So a
 * revocation stated before accesses the audit log has already recorded as ALLOW cannot make the log
 * say data was read under a consent that was, per the store, already revoked. Through `gba ingest`
 * into a seeded SQLite store, each row on its own clock, one after the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowsBefore, at, auditOf, type ConsentRow, consentOf, ingestRow, iso } from '../support/consent-rows.js';
import { gbaIn } from '../support/gba-cli.js';
import { caseStatus, iamSmartGrant, PERSONAL } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** iAM Smart's revocation of `consentId` (p-0006's con-0003 unless said), stating `revokedAt`, sent at `time`. */
const revocation = (id: string, revokedAt: string, time: string, consentId = 'con-0003', subjectRef = 'p-0006') => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: consentId,
  time,
  datacontenttype: 'application/json',
  data: { consentId, subjectRef, revokedAt },
});

/** A case-0006 status from Hong Kong carrying p-0006's identity under con-0003: an access the gate audits. */
const access = (id: string, time: string) =>
  caseStatus(id, { statusChangedAt: time, personalData: PERSONAL }, { time });

const active = { revokedAt: null };
const ROWS: ConsentRow[] = [
  {
    title: 'an access under con-0003, audited ALLOW',
    event: access('access-before', at('11:00')),
    clock: at('12:00'),
    refusal: null,
    consent: ['con-0003', { ...active, version: 1 }],
  },
  {
    title: 'a revocation stated before that access: in effect from when it is processed, its time kept as a claim',
    event: revocation('revoke-backdated', at('09:00', '10'), at('09:00', '10')),
    clock: at('13:00'),
    refusal: null,
    consent: ['con-0003', { revokedAt: iso(at('13:00')), revocationStatedAt: at('09:00', '10'), version: 2 }],
  },
  {
    title: 'an access after the revocation is processed is denied',
    event: access('access-after', at('13:30')),
    clock: at('14:00'),
    refusal: 'CONSENT_REVOKED',
    consent: ['con-0003', { revokedAt: iso(at('13:00')), version: 2 }],
  },
  {
    title: 'the same revocation again (another event id, the same stated time) changes nothing',
    event: revocation('revoke-again', at('09:00', '10'), at('14:00')),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-0003', { revokedAt: iso(at('13:00')), revocationStatedAt: at('09:00', '10'), version: 2 }],
  },
  {
    title: 'a revocation stating another time cannot move it: revoked is final',
    event: revocation('revoke-earlier', at('09:00', '01'), at('14:00')),
    clock: at('14:00'),
    refusal: 'CONSENT_FINAL',
    consent: ['con-0003', { revokedAt: iso(at('13:00')), revocationStatedAt: at('09:00', '10'), version: 2 }],
  },
  {
    title: 'a revocation stated an hour ahead is refused',
    event: revocation('revoke-future', at('15:00'), at('14:00'), 'con-0006', 'p-0002'),
    clock: at('14:00'),
    refusal: 'FUTURE_TIME',
    consent: ['con-0006', { ...active, version: 1 }],
  },
  {
    title: 'a revocation stated two minutes ahead, within the clock skew, is in effect at once',
    event: revocation('revoke-skewed', at('14:02'), at('14:00'), 'con-0006', 'p-0002'),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-0006', { revokedAt: iso(at('14:00')), revocationStatedAt: at('14:02'), version: 2 }],
  },
  {
    title: 'a revocation of a consent already expired is refused: expired is final',
    event: revocation('revoke-expired', at('14:00'), at('14:00'), 'con-0007', 'p-0001'),
    clock: at('14:00'),
    refusal: 'CONSENT_FINAL',
    consent: ['con-0007', { ...active, expiresAt: '2025-07-10T23:59:59+08:00' }],
  },
  {
    title: 'a grant of con-late for p-0002',
    event: iamSmartGrant('con-late', at('10:00')),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-late', { ...active, version: 1 }],
  },
  {
    title: 'its end brought forward by an event sent at 13:00',
    event: {
      ...iamSmartGrant('con-late', at('10:00'), { expiresAt: '2027-01-01T00:00:00+08:00' }),
      id: 'narrow',
      time: at('13:00'),
    },
    clock: at('14:00'),
    refusal: null,
    consent: ['con-late', { ...active, version: 2 }],
  },
  {
    title: 'a revocation sent at 11:00 but processed after that is not held back as older',
    event: revocation('revoke-late', at('11:00'), at('11:00'), 'con-late', 'p-0002'),
    clock: at('14:30'),
    refusal: null,
    consent: ['con-late', { revokedAt: iso(at('14:30')), revocationStatedAt: at('11:00'), version: 3 }],
  },
];

describe('a revocation takes effect when the platform processes it', () => {
  beforeAll(async () => {
    expect((await gbaIn(dir.path, new Date(at('12:00')))(['seed'])).code).toBe(0);
  });

  it.each(ROWS.map((r) => [r.title, r] as const))('%s', async (_title, row) => ingestRow(dir.path, row));

  it('keeps the audit log truthful: the access, the revocation naming both times, the denial, the refused revocation', async () => {
    const records = await auditOf(dir.path, 'p-0006');
    const mine = records.filter((r) => r.requestId.startsWith('access-') || r.requestId.startsWith('revoke-'));
    expect(mine.map((r) => [r.resource.split(' ')[0], r.requestId, r.decision, r.at])).toEqual([
      ['inbound', 'access-before', 'allow', iso(at('12:00'))],
      ['outbound', 'access-before', 'allow', iso(at('12:00'))],
      ['consent', 'revoke-backdated', 'allow', iso(at('13:00'))],
      ['inbound', 'access-after', 'deny', iso(at('14:00'))],
      ['consent', 'revoke-earlier', 'deny', iso(at('14:00'))],
    ]);
    expect(mine[4]?.reason).toBe('CONSENT_FINAL');
    expect(mine[2]?.reason).toBe(`consent revoked, in effect from ${iso(at('13:00'))} (stated ${at('09:00', '10')})`);
    // No ALLOW under con-0003 is at or after the time the store says it was revoked.
    const revokedAt = (await consentOf(dir.path, 'con-0003'))?.revokedAt as string;
    expect(await allowsBefore(dir.path, 'p-0006', 'con-0003', revokedAt)).toBeGreaterThan(0);
  });

  it('leaves the audit chain intact', async () => {
    expect((await gbaIn(dir.path)(['audit', 'verify'])).code).toBe(0);
  });
});
