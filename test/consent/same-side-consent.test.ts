/**
 * A consent lets the personal data its controller holds cross the boundary to its recipient: the two are
 * on different sides (Hong Kong, the Mainland, Macao on its own). A recipient on the controller's side
 * (hk-dpo to hk-td, gd-psd to sz-gov-data-bureau, mo-amcm to mo-fss) receives nothing across it, and the
 * consent rule never consults such a consent for data that its controller holds (the origin side sees its
 * own data without one): it would only ever be used for data its controller does not hold. So both doors
 * refuse it, by the one rule of services/consent/lifecycle.ts: grantConsent with BAD_USER_INPUT on
 * input.recipient, a partner's grant with RECIPIENT_SAME_SIDE, its letter naming the payload field; and a
 * consent request on a case whose data comes from the requester's own side is refused on input.case.
 * Before, all were accepted (found by a code-blind tester: an HK resident's consent for an HK recipient).
 * The GraphQL door through the gateway, the event door through `gba ingest`, over one seeded SQLite store.
 */
import { describe, expect, it } from 'vitest';
import { answerAs } from '../support/gateway-fixture.js';
import { ingestOne, lettersOf } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { graphRecord } from '../support/graph-records.js';
import { sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();
const as = answerAs(fixture);

const GRANT = 'mutation ($i: GrantConsentInput!) { grantConsent(input: $i) { consent { id } } }';
const SAME_SIDE = /on the same side of the boundary as the controller/;

// [title, the resident, controller, recipient, refused?]
const API_ROWS: [string, string, string, string, boolean][] = [
  ['HK to HK (hk-dpo to hk-td)', 'p-0002', 'hk-dpo', 'hk-td', true],
  ['Mainland to Mainland (gd-psd to sz-gov-data-bureau)', 'p-0005', 'gd-psd', 'sz-gov-data-bureau', true],
  ['Macao to Macao (mo-amcm to mo-fss)', 'p-0010', 'mo-amcm', 'mo-fss', true],
  ['HK to the Mainland (hk-dpo to gz-gov-data-bureau)', 'p-0002', 'hk-dpo', 'gz-gov-data-bureau', false],
  ['the Mainland to HK (gd-psd to hk-td)', 'p-0005', 'gd-psd', 'hk-td', false],
  ['HK to Macao (hk-dpo to mo-fss)', 'p-0002', 'hk-dpo', 'mo-fss', false],
];

describe('grantConsent: the recipient is across the boundary from the controller', () => {
  it.each(API_ROWS)('%s', async (_t, resident, controller, recipient, refused) => {
    const input = {
      controller,
      recipient,
      purpose: 'identity-verification',
      dataCategories: ['IDENTITY'],
      expiresAt: '2027-06-01T00:00:00Z',
    };
    const answer = await as(resident, GRANT, { i: input });
    if (!refused) {
      expect(answer.errors).toBeUndefined();
      return;
    }
    expect(answer.data.grantConsent).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recipient' });
    expect(answer.errors?.[0]?.message).toMatch(SAME_SIDE);
  });
});

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
/** iAM Smart's grant of con-0006 (p-0002's identity, hk-dpo to gz-gov-data-bureau, case-0012) as `id`, for no case. */
const hk = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('hk-inbound', '63bbb6f8-d0b4-59d6-8e62-f8dc26ea1069') as Json;
  return {
    ...e,
    id,
    subject: id,
    time: TIME,
    data: { ...e.data, consentId: id, grantedAt: TIME, caseId: null, ...data },
  };
};
/** Yueshengshi's grant of con-0002 (p-0005's data from gd-psd, to hk-td) as `id`, for no case, in force now. */
const cn = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('mainland-inbound', 'YSS-20251108194000-0002') as Json;
  const times = { shouquan_sj: '2026-11-15 10:00:00', youxiao_qz: '2027-06-01 00:00:00' };
  return {
    ...e,
    id,
    subject: id,
    time: TIME,
    data: { ...e.data, shouquan_bh: id, pingtai_ajbh: null, ...times, ...data },
  };
};

// [title, event, topic, the payload field the letter names, or null when it goes in]
const EVENT_ROWS: [string, Json, string, string | null][] = [
  [
    'iAM Smart: hk-dpo to hk-td',
    hk('con-ss-hk-1', { recipientId: 'hk-td', recipientJurisdiction: 'HK' }),
    'gba.inbound.hk',
    'data.recipientId',
  ],
  [
    'Yueshengshi: gd-psd to sz-gov-data-bureau',
    cn('con-ss-cn-1', { jieshoufang_bm: '440300-ZSJ', jieshoufang_ssd: '440300' }),
    'gba.inbound.mainland',
    'data.jieshoufang_bm',
  ],
  ['iAM Smart: hk-dpo to gz-gov-data-bureau', hk('con-ss-hk-2', {}), 'gba.inbound.hk', null],
  ['Yueshengshi: gd-psd to hk-td', cn('con-ss-cn-2', {}), 'gba.inbound.mainland', null],
];

describe('a partner’s consent grant: the recipient is across the boundary from the controller', () => {
  it.each(EVENT_ROWS)('%s', async (_t, event, topic, field) => {
    const ingest = await ingestOne(gba, dir.path, event, topic);
    expect(ingest.code, ingest.out.join('\n')).toBe(field ? 65 : 0);
    const stored = await graphRecord(dir.path, 'Consent', event.id);
    if (!field) {
      expect(stored?.id).toBe(event.id);
      return;
    }
    expect(stored).toBeNull();
    const letter = (await lettersOf(gba)).find((l) => l.eventId === event.id);
    expect(letter?.reason).toBe('RECIPIENT_SAME_SIDE');
    expect(letter?.message.startsWith(`${field}: `), letter?.message).toBe(true);
    expect(letter?.message).toMatch(SAME_SIDE);
  });
});

const PURPOSE: Record<string, string> = { 'case-0015': 'enquiry-handling', 'case-0002': 'licence-conversion' };
const REQUEST = 'mutation ($i: RequestConsentInput!) { requestConsent(input: $i) { id state } }';

describe('requestConsent: only on a case whose data would cross to the requester', () => {
  it.each([
    // case-0015 comes from SZ and is handled in SZ: its data crosses no boundary to sz-futian-data-bureau.
    ['case-0015 (SZ, handled by sz-futian-data-bureau)', 'sz-futian-data-bureau-official', 'case-0015', true],
    ['case-0002 (GZ, handled by hk-td)', 'hk-official', 'case-0002', false],
  ] as const)('%s', async (_t, official, kase, refused) => {
    const answer = await as(official, REQUEST, {
      i: { case: kase, categories: ['IDENTITY'], purpose: PURPOSE[kase], expiresAt: '2027-06-01T00:00:00Z' },
    });
    if (!refused) {
      expect(answer.errors).toBeUndefined();
      return;
    }
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.case' });
  });
});
