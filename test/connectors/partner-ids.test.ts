/**
 * A partner event names the platform's records by the platform's own ids (schema/domain/common.ts
 * ID_FORMS: `con-0001`, `p-0001`, `case-0001`, kebab-case services, agencies, announcements, practices,
 * purposes, topics; ASCII, at most 128 characters): any other id is dead-lettered MALFORMED_ID, the
 * message naming the payload field and the form, before anything is judged, so nothing is applied and
 * nothing lands in a resident's audit trail. Found by probe 12 rows 51, 52 and 67: iAM Smart's grants
 * with ids `con-0003 ` (p-0006 owns `con-0003`), `соn-0003` (Cyrillic) and `con-p12 spaced  ACTIVE` were
 * applied as consents of their own, and a revocation whose consentId was a whole sentence was written
 * into p-0001's permanent audit trail. The event door through `gba ingest`; the GraphQL door, which
 * mints its consent ids and takes ids only to look them up, through the gateway over the same seeded
 * SQLite store with the dev identity provider's tokens.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerAs } from '../support/gateway-fixture.js';
import { ingestOne, lettersOf } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { graphRecord } from '../support/graph-records.js';
import { caseStatus, iamSmartGrant, PERSONAL, sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();
const as = answerAs(fixture);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
const SENTENCE = 'con-0007 revocation by event iAM-Smart (hk.iamsmart.consent.revoked) ALLOWED; consent con-0007';

/** iAM Smart's grant (p-0002's identity, hk-dpo to gz-gov-data-bureau, case-0012) under event id `id`. */
const grant = (id: string, data: Record<string, unknown>): Json =>
  ({ ...iamSmartGrant(`con-${id}`, TIME, data), id, subject: null }) as unknown as Json;
/** iAM Smart's revocation of `consentId` for `subjectRef`, under event id `id`. */
const revoke = (id: string, consentId: string, subjectRef = 'p-0001'): Json => ({
  ...(sample('hk-inbound', '0f87e236-43f6-5482-a1fd-826ab935f42d') as Json),
  id,
  subject: null,
  time: TIME,
  data: { consentId, subjectRef, revokedAt: TIME },
});
/** Yueshengshi's grant (p-0005's data from gd-psd to hk-td, case-0002), in force now, under event id `id`. */
const cnGrant = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('mainland-inbound', 'YSS-20251108194000-0002') as Json;
  const times = { shouquan_sj: '2026-11-15 10:00:00', youxiao_qz: '2027-06-01 00:00:00' };
  return { ...e, id, subject: null, time: TIME, data: { ...e.data, shouquan_bh: `con-${id}`, ...times, ...data } };
};
/** Yueshengshi's expiry of `shouquan_bh`. */
const cnExpire = (id: string, shouquan_bh: string): Json => {
  const e = sample('mainland-inbound', 'YSS-20260108000000-0003') as Json;
  return { ...e, id, subject: null, time: TIME, data: { ...e.data, shouquan_bh, shixiao_sj: '2026-11-15 10:00:00' } };
};
/** The DPO's status of case-0006 carrying p-0006's identity, its data changed by `data`. */
const status = (id: string, data: Record<string, unknown>): Json =>
  ({ ...caseStatus(id, data), subject: null }) as unknown as Json;
/** TD's announcement, as a new one, its data changed by `data`. */
const announcement = (id: string, data: Record<string, unknown>): Json => {
  const e = sample('hk-inbound', '71374c13-08fa-5725-a7eb-212eb5350b3e') as Json;
  return { ...e, id, subject: null, data: { ...e.data, announcementId: `ann-${id}`, ...data } };
};

const HK = 'gba.inbound.hk';
const CN = 'gba.inbound.mainland';

// [title, event, topic, the field the letter names, the person whose trail it could reach]
const REFUSED: [string, Json, string, string, string][] = [
  [
    'a consent id with a trailing space (row 51)',
    grant('pid-1', { consentId: 'con-0003 ' }),
    HK,
    'data.consentId',
    'p-0002',
  ],
  [
    'a consent id in Cyrillic letters (row 52)',
    grant('pid-2', { consentId: 'с\u043en-0003' }),
    HK,
    'data.consentId',
    'p-0002',
  ],
  [
    'a consent id with spaces and words',
    grant('pid-3', { consentId: 'con-p12 spaced  ACTIVE' }),
    HK,
    'data.consentId',
    'p-0002',
  ],
  ['a consent id in capitals', grant('pid-4', { consentId: 'CON-0003' }), HK, 'data.consentId', 'p-0002'],
  ['a revocation whose consent id is a sentence (row 67)', revoke('pid-5', SENTENCE), HK, 'data.consentId', 'p-0001'],
  ['a revocation of con-0007 with a fullwidth digit', revoke('pid-6', 'con-000\uff17'), HK, 'data.consentId', 'p-0001'],
  ['a grant’s person id with a space', grant('pid-7', { subjectRef: 'p-0002 ' }), HK, 'data.subjectRef', 'p-0002'],
  ['a grant’s case id and a sentence', grant('pid-8', { caseId: 'case-0012 ALLOWED' }), HK, 'data.caseId', 'p-0002'],
  ['a grant’s purpose in words', grant('pid-9', { purpose: 'Identity verification' }), HK, 'data.purpose', 'p-0002'],
  [
    'a controller with a Unicode hyphen',
    grant('pid-10', { controllerId: 'hk\u2010dpo' }),
    HK,
    'data.controllerId',
    'p-0002',
  ],
  ['a case status’s case id with a space', status('pid-11', { caseId: 'case-0006 ' }), HK, 'data.caseId', 'p-0006'],
  [
    'a case status’s service id in capitals',
    status('pid-12', { serviceId: 'SVC-gd-residence-permit' }),
    HK,
    'data.serviceId',
    'p-0006',
  ],
  [
    'the consent a case status names, with a space',
    status('pid-13', { personalData: { ...PERSONAL, consentId: 'con-0003 ' } }),
    HK,
    'data.personalData.consentId',
    'p-0006',
  ],
  [
    'an announcement’s related service with a space',
    announcement('pid-14', { relatedServices: ['svc-hk-td-direct-issue-dl '] }),
    HK,
    'data.relatedServices[0]',
    'p-0001',
  ],
  [
    'a Mainland consent id with a trailing space',
    cnGrant('pid-15', { shouquan_bh: 'con-0003 ' }),
    CN,
    'data.shouquan_bh',
    'p-0005',
  ],
  [
    'a Mainland person id in Cyrillic',
    cnGrant('pid-16', { shouquanren_bh: '\u0420-0005' }),
    CN,
    'data.shouquanren_bh',
    'p-0005',
  ],
  [
    'a Mainland case id with a tab',
    cnGrant('pid-17', { pingtai_ajbh: 'case-0002\t' }),
    CN,
    'data.pingtai_ajbh',
    'p-0005',
  ],
  ['a Mainland expiry whose consent id is a sentence', cnExpire('pid-18', SENTENCE), CN, 'data.shouquan_bh', 'p-0005'],
];

// [title, event, topic]: the platform's own forms go in.
const APPLIED: [string, Json, string][] = [
  ['a consent id of the seed’s form', grant('pid-ok-1', { consentId: 'con-0101' }), HK],
  [
    'a consent id of grantConsent’s form',
    grant('pid-ok-2', { consentId: 'con-3f2504e0-4f89-41d3-9a0c-0305e82c3301' }),
    HK,
  ],
  [
    'a Mainland consent id of the partner’s own kebab-case form',
    cnGrant('pid-ok-3', { shouquan_bh: 'con-yss-20261115-0001' }),
    CN,
  ],
];

const outcomes = new Map<string, number>();
beforeAll(async () => {
  for (const [, event, topic] of [...REFUSED, ...APPLIED])
    outcomes.set(event.id, (await ingestOne(gba, dir.path, event, topic)).code);
}, 120_000);

const NODE = 'edges { node { requestId resource consentId purpose } }';
const trail = async (subject: string) => {
  const answer = await as('auditor', `{ auditTrail(subject: "${subject}", first: 100) { ${NODE} } }`);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return (answer.data.auditTrail.edges as { node: Record<string, string | null> }[]).map((e) => e.node);
};
const consentIdOf = (e: Json) => (e.data.consentId ?? e.data.shouquan_bh) as string | undefined;

describe('a partner event names the platform’s records by the platform’s ids', () => {
  it.each(REFUSED)(
    '%s: MALFORMED_ID naming the field; nothing applied, nothing in the trail',
    async (_t, event, _topic, field, person) => {
      expect(outcomes.get(event.id)).toBe(65);
      const letter = (await lettersOf(gba)).find((l) => l.eventId === event.id);
      expect(letter?.reason).toBe('MALFORMED_ID');
      expect(letter?.message.startsWith(`${field}: is not a`), letter?.message).toBe(true);
      const id = consentIdOf(event);
      if (id) expect(await graphRecord(dir.path, 'Consent', id)).toBeNull();
      const mine = await trail(person);
      expect(mine.filter((r) => r.requestId === event.id)).toEqual([]);
      if (id) expect(JSON.stringify(mine)).not.toContain(JSON.stringify(id).slice(1, -1));
    },
  );

  it.each(APPLIED)('%s goes in', async (_t, event) => {
    expect(outcomes.get(event.id)).toBe(0);
    expect((await graphRecord(dir.path, 'Consent', consentIdOf(event) as string))?.id).toBe(consentIdOf(event));
  });

  it('leaves p-0006’s con-0003 and p-0001’s con-0007 as they were; the audit chain intact', async () => {
    expect(await graphRecord(dir.path, 'Consent', 'con-0003')).toMatchObject({ subject: 'p-0006', revokedAt: null });
    expect(await graphRecord(dir.path, 'Consent', 'con-0007')).toMatchObject({ subject: 'p-0001', revokedAt: null });
    expect(JSON.stringify(await trail('p-0001'))).not.toContain('ALLOWED');
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});

const REVOKE = 'mutation ($id: ID!) { revokeConsent(id: $id) { consent { id revokedAt } } }';
const GRANT = 'mutation ($i: GrantConsentInput!) { grantConsent(input: $i) { consent { id } } }';
const GRANT_INPUT = {
  controller: 'hk-dpo',
  recipient: 'gd-psd',
  purpose: 'residence-permit-application',
  dataCategories: ['IDENTITY'],
  expiresAt: '2027-06-01T00:00:00Z',
};

describe('the GraphQL door takes ids only to look them up, and mints its own', () => {
  it.each([
    ['a trailing space', 'con-0003 '],
    ['Cyrillic letters', 'с\u043en-0003'],
  ])('p-0006 revoking con-0003 spelt with %s is refused; con-0003 stays in force', async (_t, id) => {
    const answer = await as('p-0006', REVOKE, { id });
    expect(answer.data?.revokeConsent ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await graphRecord(dir.path, 'Consent', 'con-0003')).toMatchObject({ revokedAt: null });
  });

  it.each([
    ['a case id and a sentence', { case: 'case-0006 ALLOWED' }, 'input.case'],
    ['a purpose in words', { purpose: 'Residence permit application' }, 'input.purpose'],
  ])('grantConsent with %s is refused naming the field', async (_t, change, field) => {
    const answer = await as('p-0006', GRANT, { i: { ...GRANT_INPUT, ...change } });
    expect(answer.data?.grantConsent ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('grantConsent gives the consent an id of the platform’s form, con- and a UUID', async () => {
    const answer = await as('p-0006', GRANT, { i: GRANT_INPUT });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.grantConsent.consent.id).toMatch(
      /^con-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
