/**
 * A consent manager's re-grant of a consent it granted (its `consent.granted` again, the same id,
 * subject, controller and recipient) may only narrow it, and a narrower end takes effect no earlier
 * than when the platform processes it, as an expiry does (services/consent/lifecycle.ts): a re-grant
 * ending the consent before accesses the audit log has already recorded as ALLOW ends it when it is
 * processed, the stated end kept as the claim `expiryStatedAt`. An end ahead is taken as stated. The
 * grant time is the first grant's: a re-grant stating an earlier one would put the consent in force
 * before the resident granted it (refused), one stating a later one (the re-grant's own time) would
 * end it retroactively before accesses made under it (the first is kept). A narrowing is never held
 * back as older than the consent's last change. Through `gba ingest` into a seeded SQLite store, each
 * row on its own clock, one after the other (test/support/consent-rows.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Consent } from '../../schema/domain/index.js';
import {
  at,
  auditOf,
  type ConsentRow,
  con0001Access,
  con9001Grant,
  consentOf,
  cst,
  expectTruthfulExpiry,
  iso,
  itIngestsRows,
  sampleLines,
} from '../support/consent-rows.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** Yueshengshi's grant of p-0004's con-0001 (identity, driving record, to 2027-07-19), as the sample stream has it. */
const con0001Grant = JSON.parse(sampleLines('mainland-inbound.jsonl').find((l) => l.includes('"con-0001"')) as string);
/** Yueshengshi re-granting con-0001, sent at `time`, with `data` changed. */
const regrant0001 = (id: string, time: string, data: Record<string, unknown>) => ({
  ...con0001Grant,
  id,
  time,
  data: { ...con0001Grant.data, ...data },
});
const GRANTED_0001 = '2026-01-19T20:15:00+08:00';
const SEEDED = { expiresAt: '2027-07-19T23:59:59+08:00', grantedAt: GRANTED_0001, version: 1 };
const ended: Partial<Consent> = {
  expiresAt: iso(at('13:00')),
  expiryStatedAt: at('09:00', '10'),
  grantedAt: GRANTED_0001,
  dataCategories: ['identity', 'driving-record'],
  version: 2,
};
const GRANTED_9001 = { grantedAt: at('10:00'), expiresAt: '2027-01-01T00:00:00+08:00', version: 1 };
const ALL_9001: Consent['dataCategories'] = ['identity', 'driving-record', 'address'];

const ROWS: ConsentRow[] = [
  {
    title: 'an access under con-0001, audited ALLOW',
    event: con0001Access('access-before', at('11:00')),
    clock: at('12:00'),
    refusal: null,
    consent: ['con-0001', SEEDED],
  },
  {
    title:
      'a re-grant ending con-0001 before that access: in effect from when it is processed, its end kept as a claim',
    event: regrant0001('regrant-backdated', at('12:30'), { youxiao_qz: cst('09:00', '10') }),
    clock: at('13:00'),
    refusal: null,
    consent: ['con-0001', ended],
  },
  {
    title: 'an access after the re-grant is processed is denied',
    event: con0001Access('access-after', at('13:30')),
    clock: at('14:00'),
    refusal: 'CONSENT_EXPIRED',
    consent: ['con-0001', ended],
  },
  {
    title: 'the same re-grant again (another event id, the same stated end) changes nothing',
    event: regrant0001('regrant-again', at('14:00'), { youxiao_qz: cst('09:00', '10') }),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-0001', ended],
  },
  {
    title: 'a re-grant stating another end cannot move it: expired is final',
    event: regrant0001('regrant-other-end', at('14:00'), { youxiao_qz: cst('09:00', '01') }),
    clock: at('14:00'),
    refusal: 'CONSENT_FINAL',
    consent: ['con-0001', ended],
  },
  {
    title: 'a grant of con-9001 for p-0005',
    event: con9001Grant('grant-9001', at('10:00')),
    clock: at('14:00'),
    refusal: null,
    consent: ['con-9001', { ...GRANTED_9001, dataCategories: ALL_9001 }],
  },
  {
    title: 'a re-grant adding a category is a new consent',
    event: con9001Grant('regrant-9001-wider', at('14:10'), { leibie: ['shenfen', 'jiashi', 'dizhi', 'lianxi'] }),
    clock: at('14:10'),
    refusal: 'CONSENT_TERMS_CHANGED',
    consent: ['con-9001', GRANTED_9001],
  },
  {
    title: 'a re-grant for another purpose is a new consent',
    event: con9001Grant('regrant-9001-purpose', at('14:10'), { mudi_dm: 'D01' }),
    clock: at('14:10'),
    refusal: 'CONSENT_TERMS_CHANGED',
    consent: ['con-9001', { ...GRANTED_9001, purpose: 'licence-conversion' }],
  },
  {
    title: 'a re-grant for another case is a new consent',
    event: con9001Grant('regrant-9001-case', at('14:10'), { pingtai_ajbh: null }),
    clock: at('14:10'),
    refusal: 'CONSENT_TERMS_CHANGED',
    consent: ['con-9001', { ...GRANTED_9001, case: 'case-0002' }],
  },
  {
    title: 'a re-grant stating an earlier grant would put the consent in force before it was granted: refused',
    event: con9001Grant('regrant-9001-earlier', at('14:10'), { shouquan_sj: cst('09:00') }),
    clock: at('14:10'),
    refusal: 'CONSENT_TERMS_CHANGED',
    consent: ['con-9001', GRANTED_9001],
  },
  {
    title: 'a narrower re-grant stating its own time as the grant keeps the first grant’s time',
    event: con9001Grant('regrant-9001-narrower', at('14:20'), {
      shouquan_sj: cst('14:20'),
      leibie: ['shenfen', 'jiashi'],
    }),
    clock: at('14:30'),
    refusal: null,
    consent: ['con-9001', { ...GRANTED_9001, dataCategories: ['identity', 'driving-record'], version: 2 }],
  },
  {
    title: 'a re-grant ending it ahead brings the end forward to the time stated, with no claim',
    event: con9001Grant('regrant-9001-ahead', at('14:40'), {
      leibie: ['shenfen', 'jiashi'],
      youxiao_qz: cst('00:00', '20'),
    }),
    clock: at('14:40'),
    refusal: null,
    consent: ['con-9001', { grantedAt: at('10:00'), expiresAt: at('00:00', '20'), version: 3 }],
  },
  {
    title: 'a narrower re-grant sent before the consent’s last change is not held back as older',
    event: con9001Grant('regrant-9001-sent-before', at('14:35'), {
      leibie: ['shenfen'],
      youxiao_qz: cst('00:00', '20'),
    }),
    clock: at('14:50'),
    refusal: null,
    consent: ['con-9001', { dataCategories: ['identity'], expiresAt: at('00:00', '20'), version: 4 }],
  },
  {
    title: 'a grant of con-9002 for p-0005',
    event: { ...con9001Grant('grant-9002', at('10:00'), { shouquan_bh: 'con-9002' }), subject: 'con-9002' },
    clock: at('15:00'),
    refusal: null,
    consent: ['con-9002', GRANTED_9001],
  },
  {
    title: 'a re-grant stating its own time as the grant and an end just past, before that: it ends when processed',
    event: {
      ...con9001Grant('regrant-9002-ended', at('14:55'), {
        shouquan_bh: 'con-9002',
        shouquan_sj: cst('14:55'),
        youxiao_qz: cst('14:50'),
      }),
      subject: 'con-9002',
    },
    clock: at('15:00'),
    refusal: null,
    consent: [
      'con-9002',
      { grantedAt: at('10:00'), expiresAt: iso(at('15:00')), expiryStatedAt: at('14:50'), version: 2 },
    ],
  },
];

describe('a re-grant only narrows, and its end takes effect no earlier than when it is processed', () => {
  itIngestsRows(dir.path, ROWS);

  it('keeps the audit log truthful: the access, then the re-grant naming both times, then the denial', async () => {
    await expectTruthfulExpiry(
      dir.path,
      'regrant-backdated',
      `consent granted again, narrower, its end in effect from ${iso(at('13:00'))} (stated ${at('09:00', '10')})`,
    );
  });

  it('records each re-grant taken once, each refused one once as DENY, none unchanged', async () => {
    const records = (await auditOf(dir.path, 'p-0005')).filter((r) => r.requestId.includes('9001'));
    expect(records.map((r) => [r.requestId, r.decision, r.decision === 'deny' ? r.reason : null])).toEqual([
      ['grant-9001', 'allow', null],
      ['regrant-9001-wider', 'deny', 'CONSENT_TERMS_CHANGED'],
      ['regrant-9001-purpose', 'deny', 'CONSENT_TERMS_CHANGED'],
      ['regrant-9001-case', 'deny', 'CONSENT_TERMS_CHANGED'],
      ['regrant-9001-earlier', 'deny', 'CONSENT_TERMS_CHANGED'],
      ['regrant-9001-narrower', 'allow', null],
      ['regrant-9001-ahead', 'allow', null],
      ['regrant-9001-sent-before', 'allow', null],
    ]);
  });

  it('keeps no claim for an end ahead: it takes effect when stated', async () => {
    expect(await consentOf(dir.path, 'con-9001')).not.toHaveProperty('expiryStatedAt');
  });
});
