/**
 * A consent manager's expiry, like a revocation, takes effect no earlier than when the platform
 * processes it (services/consent/lifecycle.ts): an expiry stated before accesses the audit log has
 * already recorded as ALLOW ends the consent when it is processed, the stated time kept as the
 * consent manager's claim (`expiryStatedAt`). An expiry ahead is taken as stated; one later than the
 * consent's end or before its grant is refused. Through `gba ingest` into a seeded SQLite store, each
 * row on its own clock, one after the other (test/support/consent-rows.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  at,
  type ConsentNames,
  type ConsentRow,
  con0001Access,
  con9001Grant,
  consentOf,
  cst,
  expectTruthfulExpiry,
  expiry,
  iso,
  itIngestsRows,
} from '../support/consent-rows.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const CON_9001: ConsentNames = ['con-9001', 'p-0005', 'case-0002'];
const grant = con9001Grant('grant-con-9001', at('10:00'));

const SEEDED = '2027-07-19T23:59:59+08:00';
const ended = { expiresAt: iso(at('13:00')), expiryStatedAt: at('09:00', '10'), version: 2 };
const ROWS: ConsentRow[] = [
  {
    title: 'an access under con-0001, audited ALLOW',
    event: con0001Access('access-before', at('11:00')),
    clock: at('12:00'),
    refusal: null,
    consent: ['con-0001', { expiresAt: SEEDED, version: 1 }],
  },
  {
    title: 'an expiry stated before that access: in effect from when it is processed, its time kept as a claim',
    event: expiry('expire-backdated', cst('09:00', '10'), at('12:30')),
    clock: at('13:00'),
    refusal: null,
    consent: ['con-0001', ended],
  },
  {
    title: 'an access after the expiry is processed is denied',
    event: con0001Access('access-after', at('13:30')),
    clock: at('14:00'),
    refusal: 'CONSENT_EXPIRED',
    consent: ['con-0001', ended],
  },
  {
    title: 'the same expiry again (another event id, the same stated time) changes nothing',
    event: expiry('expire-again', cst('09:00', '10'), at('14:00')),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-0001', ended],
  },
  {
    title: 'an expiry stating another time cannot move it: expired is final',
    event: expiry('expire-earlier', cst('09:00', '01'), at('14:00')),
    clock: at('14:00'),
    refusal: 'CONSENT_FINAL',
    consent: ['con-0001', ended],
  },
  {
    title: 'a grant of con-9001 for p-0005',
    event: grant,
    clock: at('14:00'),
    refusal: null,
    consent: ['con-9001', { expiresAt: '2027-01-01T00:00:00+08:00', version: 1 }],
  },
  {
    title: 'an expiry later than the consent’s end is refused: an expiry never extends',
    event: expiry('expire-extends', '2028-01-01 00:00:00', at('14:00'), CON_9001),
    clock: at('14:00'),
    refusal: 'CONSENT_EXTENDED',
    consent: ['con-9001', { expiresAt: '2027-01-01T00:00:00+08:00', version: 1 }],
  },
  {
    title: 'an expiry before the grant is refused',
    event: expiry('expire-before-grant', cst('09:00'), at('14:00'), CON_9001),
    clock: at('14:00'),
    refusal: 'CONSENT_TIME_BEFORE_GRANT',
    consent: ['con-9001', { expiresAt: '2027-01-01T00:00:00+08:00', version: 1 }],
  },
  {
    title: 'an expiry ahead brings the end forward to the time stated, with no claim, though sent before the grant',
    event: expiry('expire-ahead', cst('00:00', '20'), at('09:30'), CON_9001),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-9001', { expiresAt: at('00:00', '20'), version: 2 }],
  },
];

describe('an expiry takes effect no earlier than when the platform processes it', () => {
  itIngestsRows(dir.path, ROWS);

  it('keeps the audit log truthful: the access, then the expiry naming both times, then the denial', async () => {
    await expectTruthfulExpiry(
      dir.path,
      'expire-backdated',
      `consent expired, in effect from ${iso(at('13:00'))} (stated ${at('09:00', '10')})`,
    );
  });

  it('keeps no claim for an expiry ahead: it takes effect when stated', async () => {
    expect(await consentOf(dir.path, 'con-9001')).not.toHaveProperty('expiryStatedAt');
  });
});
