/**
 * Consent requests through the gateway with the dev identity provider's real tokens: who may ask,
 * answer and cancel; approving a subset; expiry; the audit records of each step; the preview only
 * the resident gets; the outbound event to the resident's side in its dialect.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { CONSENT_REQUESTED_CONTRACTS } from '../../connectors/pipeline/outbound-consent.js';
import {
  type Answer,
  answerAs,
  FIXTURE_NOW,
  type GatewayFixture,
  startGatewayFixture,
} from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let clock = FIXTURE_NOW;
beforeAll(async () => {
  fx = await startGatewayFixture({ now: () => clock });
});
afterAll(() => fx.close());
beforeEach(() => {
  clock = FIXTURE_NOW;
});

const as = answerAs(() => fx);

const REQUEST = `mutation R($input: RequestConsentInput!) { requestConsent(input: $input) {
  id state categories purpose expiresAt answerBy note requestedBy requester { id } case { id } } }`;
const ANSWER = `mutation A($input: AnswerConsentRequestInput!) { answerConsentRequest(input: $input) {
  receipt request { id state answeredAt approvedCategories consent { id } }
  consent { id subject dataCategories purpose recipient { id } case { id } state } } }`;
const CANCEL = 'mutation C($id: ID!) { cancelConsentRequest(id: $id) { id state answeredAt } }';
const MINE = `query M($state: ConsentRequestState) { myConsentRequests(state: $state) { id state
  preview { category field value recipient { id name { en } jurisdiction { id } } recipientJurisdiction { id } } } }`;
const THEIRS = `query T($state: ConsentRequestState, $first: Int, $after: String) {
  consentRequests(state: $state, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id state approvedCategories consent { id } } } } }`;

/** hk-official (hk-td) asks p-0005 about case-0002 (handled by hk-td, data from Guangzhou). */
const forCase2 = {
  case: 'case-0002',
  categories: ['IDENTITY', 'CONTACT'],
  purpose: 'licence-conversion',
  expiresAt: '2026-12-31T23:59:59+08:00',
  note: 'To convert your Mainland licence.',
};

async function requested(input: Record<string, unknown> = forCase2, who = 'hk-official'): Promise<string> {
  const a = await as(who, REQUEST, { input });
  expect(a.errors).toBeUndefined();
  return a.data.requestConsent.id;
}

const codeOf = (a: Answer) => a.errors?.[0]?.extensions.code;

describe('requesting consent', () => {
  it('creates a pending request naming the asking agency, the case and an answer-by time', async () => {
    const a = await as('hk-official', REQUEST, { input: forCase2 });
    expect(a.errors).toBeUndefined();
    expect(a.data.requestConsent).toMatchObject({
      state: 'PENDING',
      categories: ['IDENTITY', 'CONTACT'],
      purpose: 'licence-conversion',
      requestedBy: 'hk-official',
      requester: { id: 'hk-td' },
      case: { id: 'case-0002' },
      note: 'To convert your Mainland licence.',
      expiresAt: '2026-12-31T15:59:59.000Z',
      // Fourteen days after the request, as the consent asked for holds longer.
      answerBy: '2026-03-15T04:00:00.000Z',
    });
  });

  it.each([
    ['sz-official', 'FORBIDDEN'],
    ['gd-official', 'FORBIDDEN'],
    ['p-0005', 'FORBIDDEN'],
    ['auditor', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('refuses %s, who is not an official of the case’s handling agency, with %s', async (who, code) => {
    const a = await as(who, REQUEST, { input: forCase2 });
    expect(a.data).toEqual({ requestConsent: null });
    expect(codeOf(a)).toBe(code);
  });

  it.each([
    [
      'a purpose not of the service',
      { purpose: 'credit-report-verification' },
      'input.purpose',
      expect.stringContaining('is not a purpose'),
    ],
    [
      'a category the case does not hold',
      { categories: ['FINANCIAL'] },
      'input.categories',
      'the case holds no financial data',
    ],
    ['no category', { categories: [] }, 'input.categories', 'names no category'],
    ['a category twice', { categories: ['IDENTITY', 'IDENTITY'] }, 'input.categories', 'names a category twice'],
    ['an expiry in the past', { expiresAt: '2026-02-01T00:00:00+08:00' }, 'input.expiresAt', 'is not in the future'],
    [
      'an expiry too far ahead',
      { expiresAt: '2029-01-01T00:00:00+08:00' },
      'input.expiresAt',
      'is more than 731 days ahead',
    ],
    ['an expiry that is no time', { expiresAt: 'next week' }, 'input.expiresAt', expect.any(String)],
    ['a note of 501 characters', { note: 'x'.repeat(501) }, 'input.note', 'is longer than 500 characters'],
  ])('refuses a request with %s as BAD_USER_INPUT naming the field', async (_case, change, field, reason) => {
    const a = await as('hk-official', REQUEST, { input: { ...forCase2, ...change } });
    expect(a.data).toEqual({ requestConsent: null });
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  });
});

describe('the preview', () => {
  it('shows the resident each value that would cross and to which agency in which jurisdiction', async () => {
    const id = await requested();
    const mine = await as('p-0005', MINE, { state: 'PENDING' });
    expect(mine.errors).toBeUndefined();
    const request = mine.data.myConsentRequests.find((r: { id: string }) => r.id === id);
    const hkTd = { id: 'hk-td', name: { en: 'Transport Department' }, jurisdiction: { id: 'HK' } };
    expect(request.preview).toEqual([
      {
        category: 'IDENTITY',
        field: 'applicant.name',
        value: expect.stringContaining('('),
        recipient: hkTd,
        recipientJurisdiction: { id: 'HK' },
      },
      {
        category: 'IDENTITY',
        field: 'applicant.idNumber',
        value: 'MainlandID 4401***00',
        recipient: hkTd,
        recipientJurisdiction: { id: 'HK' },
      },
      {
        category: 'CONTACT',
        field: 'applicant.phone',
        value: expect.stringMatching(/^\+86/),
        recipient: hkTd,
        recipientJurisdiction: { id: 'HK' },
      },
      {
        category: 'CONTACT',
        field: 'applicant.email',
        value: expect.stringContaining('@'),
        recipient: hkTd,
        recipientJurisdiction: { id: 'HK' },
      },
    ]);
  });

  it('is refused to the requesting official, and other residents never see the request', async () => {
    const id = await requested();
    const official = await as(
      'hk-official',
      '{ consentRequests(first: 100) { edges { node { id preview { value } } } } }',
    );
    const mine = official.data.consentRequests.edges.find((e: { node: { id: string } }) => e.node.id === id);
    expect(mine.node.preview).toBeNull();
    expect(official.errors?.map((e) => e.extensions.code)).toContain('FORBIDDEN');
    const other = await as('p-0004', MINE);
    expect(other.data.myConsentRequests.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(codeOf(await as('auditor', MINE))).toBe('FORBIDDEN');
    expect(codeOf(await as('gd-official', THEIRS))).toBeUndefined();
    const gd = await as('gd-official', THEIRS);
    expect(gd.data.consentRequests.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
  });
});

describe('answering', () => {
  it('approves a subset: the consent covers only it, its receipt verifies, and the official sees exactly that', async () => {
    const CASE = '{ case(id: "case-0002") { applicant { name { en } phone } } }';
    const before = await as('hk-official', CASE);
    expect(before.data.case.applicant).toEqual({ name: null, phone: null });
    const id = await requested();
    const a = await as('p-0005', ANSWER, { input: { id, decision: 'APPROVE', categories: ['IDENTITY'] } });
    expect(a.errors).toBeUndefined();
    const { request, consent, receipt } = a.data.answerConsentRequest;
    expect(request).toMatchObject({
      id,
      state: 'APPROVED',
      approvedCategories: ['IDENTITY'],
      consent: { id: consent.id },
    });
    expect(consent).toMatchObject({
      subject: 'p-0005',
      dataCategories: ['IDENTITY'],
      purpose: 'licence-conversion',
      recipient: { id: 'hk-td' },
      case: { id: 'case-0002' },
      state: 'ACTIVE',
    });
    const keys = JSON.parse((await as(null, '{ consentReceiptKeys }')).data.consentReceiptKeys);
    const { payload } = await compactVerify(receipt, createLocalJWKSet(keys));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      event: 'granted',
      consent: { id: consent.id },
    });

    const after = await as('hk-official', CASE);
    expect(after.data.case.applicant.name.en).toEqual(expect.any(String));
    expect(after.data.case.applicant.phone).toBeNull();
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'CONSENT_REQUIRED', category: 'contact' });
    const theirs = await as('hk-official', THEIRS, { state: 'APPROVED', first: 100 });
    expect(theirs.data.consentRequests.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      id,
      state: 'APPROVED',
      approvedCategories: ['IDENTITY'],
      consent: { id: consent.id },
    });
    await as('p-0005', 'mutation R($id: ID!) { revokeConsent(id: $id) { consent { id } } }', { id: consent.id });
  });

  it('declines: no consent, nothing more for the official', async () => {
    const id = await requested();
    const a = await as('p-0005', ANSWER, { input: { id, decision: 'DECLINE' } });
    expect(a.data.answerConsentRequest).toMatchObject({
      request: { state: 'DECLINED', consent: null },
      consent: null,
      receipt: null,
    });
  });

  it.each([
    ['p-0004', { decision: 'APPROVE' }, 'FORBIDDEN', undefined],
    ['hk-official', { decision: 'APPROVE' }, 'FORBIDDEN', undefined],
    [null, { decision: 'APPROVE' }, 'UNAUTHENTICATED', undefined],
    ['p-0005', { decision: 'APPROVE', categories: ['ADDRESS'] }, 'BAD_USER_INPUT', 'input.categories'],
    ['p-0005', { decision: 'APPROVE', categories: [] }, 'BAD_USER_INPUT', 'input.categories'],
  ])('refuses %s answering %o with %s', async (who, change, code, field) => {
    const id = await requested();
    const a = await as(who, ANSWER, { input: { id, ...change } });
    expect(a.data).toEqual({ answerConsentRequest: null });
    expect(a.errors?.[0]?.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
  });

  it('answers a request once: a second answer or a cancellation after it is refused', async () => {
    const id = await requested();
    await as('p-0005', ANSWER, { input: { id, decision: 'DECLINE' } });
    const again = await as('p-0005', ANSWER, { input: { id, decision: 'APPROVE' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(again.errors?.[0]?.message).toContain('is declined, not pending');
    expect(codeOf(await as('hk-official', CANCEL, { id }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as('p-0005', ANSWER, { input: { id: 'creq-nope', decision: 'APPROVE' } }))).toBe('FORBIDDEN');
  });
});

describe('cancelling', () => {
  it.each([
    ['gd-official', 'FORBIDDEN'],
    ['p-0005', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('refuses %s, who did not ask, with %s', async (who, code) => {
    const id = await requested();
    expect(codeOf(await as(who, CANCEL, { id }))).toBe(code);
  });

  it('lets the requesting agency withdraw a pending request, which the resident can then no longer answer', async () => {
    const id = await requested();
    const a = await as('hk-official', CANCEL, { id });
    expect(a.data.cancelConsentRequest).toEqual({ id, state: 'CANCELLED', answeredAt: clock.toISOString() });
    expect(codeOf(await as('p-0005', ANSWER, { input: { id, decision: 'APPROVE' } }))).toBe('BAD_USER_INPUT');
  });
  it('lets exactly one of an approval and a cancellation sent together land', async () => {
    const id = await requested();
    const [approve, cancel] = await Promise.all([
      as('p-0005', ANSWER, { input: { id, decision: 'APPROVE' } }),
      as('hk-official', CANCEL, { id }),
    ]);
    expect([approve, cancel].filter((a) => a.errors === undefined)).toHaveLength(1);
    const [state] = (await as('p-0005', MINE)).data.myConsentRequests.filter((r: { id: string }) => r.id === id);
    expect(state.state).toBe(approve.errors ? 'CANCELLED' : 'APPROVED');
  });
});

describe('expiry', () => {
  it('expires an unanswered request after its answer-by time, for both sides, and refuses a late answer', async () => {
    const id = await requested();
    clock = new Date(FIXTURE_NOW.getTime() + 15 * 86_400_000);
    const expired = await as('p-0005', MINE, { state: 'EXPIRED' });
    expect(expired.data.myConsentRequests.map((r: { id: string }) => r.id)).toContain(id);
    const theirs = await as('hk-official', THEIRS, { state: 'EXPIRED', first: 100 });
    expect(theirs.data.consentRequests.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    const late = await as('p-0005', ANSWER, { input: { id, decision: 'APPROVE' } });
    expect(late.errors?.[0]?.message).toContain('is expired, not pending');
    const pending = await as('p-0005', MINE, { state: 'PENDING' });
    expect(pending.data.myConsentRequests.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});

describe('the audit trail of a request', () => {
  it('records each step, with who took it, the categories and the consent an approval created', async () => {
    const approvedId = await requested();
    const approved = await as('p-0005', ANSWER, {
      input: { id: approvedId, decision: 'APPROVE', categories: ['CONTACT'] },
    });
    const consentId = approved.data.answerConsentRequest.consent.id;
    const cancelledId = await requested();
    await as('hk-official', CANCEL, { id: cancelledId });
    const expiredId = await requested();
    clock = new Date(FIXTURE_NOW.getTime() + 15 * 86_400_000);
    await as('p-0005', '{ myConsentRequests { id } }');
    await as('p-0005', '{ myConsentRequests { id } }');
    const trail = await as(
      'auditor',
      '{ auditTrail(subject: "p-0005", first: 100) { edges { node { who resource decision reason categories consentId } } } }',
    );
    // The trail runs newest first; the steps read oldest first.
    const steps = (id: string) =>
      trail.data.auditTrail.edges
        .map((e: { node: Record<string, unknown> }) => e.node)
        .filter((n: { resource: string }) => n.resource.includes(id))
        .toReversed();
    expect(steps(approvedId)).toEqual([
      {
        who: 'hk-official',
        resource: `consent-request ${approvedId} case case-0002`,
        decision: 'ALLOW',
        reason: 'consent requested by hk-td',
        categories: ['IDENTITY', 'CONTACT'],
        consentId: null,
      },
      {
        who: 'p-0005',
        resource: `consent ${consentId} granted by answerConsentRequest ${approvedId}`,
        decision: 'ALLOW',
        reason: 'consent granted',
        categories: ['CONTACT'],
        consentId,
      },
      {
        who: 'p-0005',
        resource: `consent-request ${approvedId} case case-0002`,
        decision: 'ALLOW',
        reason: 'request approved: contact for hk-td',
        categories: ['CONTACT'],
        consentId,
      },
    ]);
    expect(steps(cancelledId).map((s: { reason: string }) => s.reason)).toEqual([
      'consent requested by hk-td',
      'request cancelled by hk-td',
    ]);
    // Expired once, however often it is read afterwards.
    expect(steps(expiredId).map((s: { reason: string }) => s.reason)).toEqual([
      'consent requested by hk-td',
      'request expired unanswered at 2026-03-15T04:00:00.000Z',
    ]);
  });
});

describe('the outbound event to the resident’s side', () => {
  const events = async () =>
    (await fx.store.pendingOutbox(1000)).map((m) => {
      const decoded = decode({ headers: m.headers, value: Buffer.from(m.value, 'base64') });
      if (!decoded.ok) throw new Error(decoded.message);
      return { topic: m.topic, event: decoded.event };
    });

  it.each([
    {
      dialect: 'mainland',
      who: 'hk-official',
      input: forCase2,
      topic: 'gba.outbound.mainland',
      data: {
        pingtai_ajbh: 'case-0002',
        shouquanren_bh: 'p-0005',
        jieshoufang_bm: '810000-TD',
        jieshoufang_ssd: '810000',
        mudi_dm: 'A01',
        leibie: ['shenfen', 'lianxi'],
        youxiao_qz: '2026-12-31 23:59:59',
        qingqiu_sj: '2026-03-01 12:00:00',
      },
    },
    {
      dialect: 'hk',
      who: 'gd-official',
      input: {
        case: 'case-0006',
        categories: ['ADDRESS'],
        purpose: 'residence-permit-application',
        expiresAt: '2026-09-30T00:00:00+08:00',
      },
      topic: 'gba.outbound.hk',
      data: {
        caseId: 'case-0006',
        subjectId: 'p-0006',
        requester: { agency: 'gd-psd', jurisdiction: 'GD' },
        categories: ['address'],
        purpose: 'residence-permit-application',
        note: null,
      },
    },
  ])('sends gba.consent.requested in the $dialect dialect to $topic', async ({ dialect, who, input, topic, data }) => {
    const id = await requested(input, who);
    const sent = (await events()).filter(
      (e) => e.event.type === 'gba.consent.requested' && e.event.id === `${id}:requested`,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      topic,
      event: { source: 'urn:gba:platform:connectors', subject: input.case, data },
    });
    const contract = CONSENT_REQUESTED_CONTRACTS[dialect as 'hk' | 'mainland'];
    expect(contract.safeParse(sent[0]?.event.data).success).toBe(true);
  });
});

describe('myCases', () => {
  it('lists the resident’s own cases with status and the agencies involved', async () => {
    const a = await as('p-0005', '{ myCases { id status service { id } agencies { id name { en } } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data.myCases).toHaveLength(1);
    expect(a.data.myCases[0]).toMatchObject({
      id: 'case-0002',
      status: 'NEEDS_INFO',
      service: { id: 'svc-hk-td-direct-issue-dl' },
    });
    expect(a.data.myCases[0].agencies.map((g: { id: string }) => g.id)).toEqual(
      expect.arrayContaining(['hk-td', 'gd-psd']),
    );
  });

  it.each([
    ['hk-official', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('is refused to %s with %s', async (who, code) => {
    expect(codeOf(await as(who, '{ myCases { id } }'))).toBe(code);
  });

  it('does not show a case’s agencies to officials', async () => {
    const a = await as('hk-official', '{ case(id: "case-0002") { id agencies { id } } }');
    expect(a.data.case).toEqual({ id: 'case-0002', agencies: null });
    expect(codeOf(a)).toBe('FORBIDDEN');
  });
});
