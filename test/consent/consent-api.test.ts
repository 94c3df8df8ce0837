import { compactVerify, createLocalJWKSet, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactForHkTd } from '../support/fixtures.js';
import { answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const as = answerAs(() => fx);

const GRANT = `mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) {
  receipt consent { id subject purpose dataCategories state version recipient { id } recipientJurisdiction { id } case { id } } } }`;
const REVOKE =
  'mutation Revoke($id: ID!) { revokeConsent(id: $id) { receipt consent { id state revokedAt version } } }';
const PHONE = '{ case(id: "case-0001") { applicant { phone } } }';

async function verifyReceipt(receipt: string) {
  const { data } = await as(null, '{ consentReceiptKey consentReceiptKeys }');
  const key = JSON.parse(data.consentReceiptKey);
  const { payload, protectedHeader } = await compactVerify(receipt, await importJWK(key, 'ES256'));
  // The published key set (current and retired keys) verifies it too, choosing the key by kid.
  const set = JSON.parse(data.consentReceiptKeys);
  expect(set.keys[0]).toEqual(key);
  await compactVerify(receipt, createLocalJWKSet(set));
  return { header: protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)) };
}

describe('consents, by the resident', () => {
  it('lists the resident’s own consents with their states, joined with the case they name', async () => {
    const a = await as('p-0004', '{ myConsents { id state purpose case { id status } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data.myConsents).toEqual(
      expect.arrayContaining([
        {
          id: 'con-0001',
          state: 'ACTIVE',
          purpose: 'licence-conversion',
          case: { id: 'case-0001', status: expect.any(String) },
        },
        { id: 'con-0011', state: 'ACTIVE', purpose: 'licence-verification-result', case: null },
      ]),
    );
    expect(a.data.myConsents).toHaveLength(2);
    const revoked = await as('p-0007', '{ myConsents { id state } }');
    expect(revoked.data.myConsents).toEqual(expect.arrayContaining([{ id: 'con-0004', state: 'REVOKED' }]));
  });

  it('grants a consent with a signed receipt, and the handling official sees the newly covered field at once', async () => {
    expect((await as('hk-official', PHONE)).data.case.applicant.phone).toBeNull();
    const granted = await as('p-0004', GRANT, { input: contactForHkTd });
    expect(granted.errors).toBeUndefined();
    const { consent, receipt } = granted.data.grantConsent;
    expect(consent).toMatchObject({
      subject: 'p-0004',
      dataCategories: ['CONTACT'],
      state: 'ACTIVE',
      version: 1,
      recipient: { id: 'hk-td' },
      recipientJurisdiction: { id: 'HK' },
      case: { id: 'case-0001' },
    });
    const { header, payload } = await verifyReceipt(receipt);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'gba-consent-receipt+jws' });
    expect(payload).toMatchObject({ event: 'granted', consent: { id: consent.id, subject: 'p-0004' } });
    expect((await as('hk-official', PHONE)).data.case.applicant.phone).toBe('+86 100 0000 0004');

    const revoked = await as('p-0004', REVOKE, { id: consent.id });
    expect(revoked.data.revokeConsent.consent).toMatchObject({ id: consent.id, state: 'REVOKED', version: 2 });
    expect((await verifyReceipt(revoked.data.revokeConsent.receipt)).payload).toMatchObject({ event: 'revoked' });
    const after = await as('hk-official', PHONE);
    expect(after.data.case.applicant.phone).toBeNull();
    expect(after.errors?.[0]?.extensions.code).toBe('CONSENT_REQUIRED');
  });

  it.each([
    [{ expiresAt: '2025-01-01T00:00:00+08:00' }, 'input.expiresAt', 'is not in the future'],
    [{ expiresAt: 'soon' }, 'input.expiresAt', expect.any(String)],
    [{ expiresAt: '2040-01-01T00:00:00+08:00' }, 'input.expiresAt', 'is more than 5 years ahead'],
    [{ recipient: 'hk-nobody' }, 'input.recipient', 'no agency has the id "hk-nobody"'],
    [{ case: 'case-0002' }, 'input.case', 'is not one of your cases'],
    [{ case: 'case-9999' }, 'input.case', 'is not one of your cases'],
    [{ dataCategories: [] }, 'input.dataCategories', 'names no category'],
    [{ dataCategories: ['CONTACT', 'CONTACT'] }, 'input.dataCategories', 'names a category twice'],
  ])('refuses a grant with %o as BAD_USER_INPUT naming %s', async (change, field, reason) => {
    const a = await as('p-0004', GRANT, { input: { ...contactForHkTd, ...change } });
    expect(a.data).toEqual({ grantConsent: null });
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
  });

  it('lets only residents grant, and only the owner revoke, once', async () => {
    expect((await as('hk-official', GRANT, { input: contactForHkTd })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await as(null, GRANT, { input: contactForHkTd })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // Another's consent and no consent at all: one answer, so ids cannot be probed.
    const notYours = (await as('p-0005', REVOKE, { id: 'con-0001' })).errors?.[0];
    const noSuch = (await as('p-0005', REVOKE, { id: 'con-nope' })).errors?.[0];
    expect(notYours).toMatchObject({
      message: 'No consent of yours has the id "con-0001".',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(noSuch).toMatchObject({
      message: 'No consent of yours has the id "con-nope".',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await as('p-0007', REVOKE, { id: 'con-0004' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect((await as('p-0004', '{ myConsents { id state } }')).data.myConsents).toEqual(
      expect.arrayContaining([{ id: 'con-0001', state: 'ACTIVE' }]),
    );
  });
});

describe('the audit log, as residents and auditors see it', () => {
  it('shows a resident each access to their data: who, agency, when, why, allowed or denied', async () => {
    await as('hk-official', '{ case(id: "case-0009") { applicant { name { en } } } }');
    await as('hk-official', '{ case(id: "case-0001") { applicant { email } } }');
    const a = await as(
      'p-0004',
      '{ myDataAccesses(first: 100) { totalCount edges { node { who agency at purpose categories decision reason consentId } } } }',
    );
    expect(a.errors).toBeUndefined();
    const nodes = a.data.myDataAccesses.edges.map((e: { node: unknown }) => e.node);
    expect(a.data.myDataAccesses.totalCount).toBe(nodes.length);
    expect(nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          who: 'hk-official',
          agency: 'hk-td',
          categories: ['CONTACT'],
          decision: 'DENY',
          consentId: null,
        }),
      ]),
    );
    // Every entry is about the caller, and someone else's list holds nothing about them.
    const mine = await as('p-0004', '{ myDataAccesses(first: 100) { edges { node { subject } } } }');
    expect(new Set(mine.data.myDataAccesses.edges.map((e: { node: { subject: string } }) => e.node.subject))).toEqual(
      new Set(['p-0004']),
    );
    const other = await as('p-0009', '{ myDataAccesses(first: 100) { edges { node { subject } } } }');
    expect(other.data.myDataAccesses.edges.length).toBeGreaterThan(0);
    for (const e of other.data.myDataAccesses.edges) expect(e.node.subject).toBe('p-0009');
  });

  it('gives auditors the trail of any person with its hash chain, and nobody else', async () => {
    const a = await as(
      'auditor',
      'query ($s: ID!) { auditTrail(subject: $s) { totalCount edges { node { seq hash prevHash subject } } } }',
      { s: 'p-0004' },
    );
    expect(a.errors).toBeUndefined();
    expect(a.data.auditTrail.totalCount).toBeGreaterThan(0);
    for (const { node } of a.data.auditTrail.edges) {
      expect(node.subject).toBe('p-0004');
      expect(node.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const who of ['hk-official', 'p-0004', 'admin', 'sz-ishenzhen']) {
      expect((await as(who, '{ auditTrail(subject: "p-0004") { totalCount } }')).errors?.[0]?.extensions.code).toBe(
        'FORBIDDEN',
      );
    }
  });

  describe.each([
    { field: 'myDataAccesses', who: 'p-0004', args: '' },
    { field: 'auditTrail', who: 'auditor', args: 'subject: "p-0004", ' },
  ])('$field', ({ field, who, args }) => {
    const list = async (extra: string) => {
      const a = await as(
        who,
        `{ ${field}(${args}${extra}) { totalCount pageInfo { hasNextPage endCursor } edges { node { seq at } } } }`,
      );
      return { ...a, page: a.data?.[field] };
    };

    it('lists the newest first and pages on into older entries', async () => {
      // Three reads of p-0004's phone by a side without consent: three more decisions.
      for (let i = 0; i < 3; i++) await as('hk-official', '{ case(id: "case-0001") { applicant { email } } }');
      const { page } = await list('first: 2');
      const seqs = page.edges.map((e: { node: { seq: number } }) => e.node.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(page.pageInfo.hasNextPage).toBe(true);
      const next = await list(`first: 2, after: "${page.pageInfo.endCursor}"`);
      const nextSeqs = next.page.edges.map((e: { node: { seq: number } }) => e.node.seq);
      expect(nextSeqs[0]).toBeLessThan(seqs[1]);
      expect(nextSeqs).toEqual([...nextSeqs].sort((a, b) => b - a));
    });

    it('keeps to since and until, counting only what lies between', async () => {
      const { page: all } = await list('first: 100');
      const times = all.edges.map((e: { node: { at: string } }) => e.node.at);
      const newest = new Date(times[0]).toISOString();
      const { page: fromNewest } = await list(`first: 100, since: "${newest}"`);
      expect(fromNewest.edges.length).toBeGreaterThan(0);
      expect(fromNewest.totalCount).toBe(fromNewest.edges.length);
      expect(fromNewest.edges.every((e: { node: { at: string } }) => new Date(e.node.at) >= new Date(newest))).toBe(
        true,
      );
      const { page: beforeNewest } = await list(`first: 100, until: "${newest}"`);
      expect(beforeNewest.totalCount + fromNewest.totalCount).toBe(all.totalCount);
      const { page: future } = await list('first: 100, since: "2999-01-01"');
      expect(future).toMatchObject({ totalCount: 0, edges: [] });
    });

    it.each([
      ['since: "yesterday"', 'since'],
      ['until: "2026-13-01"', 'until'],
      ['since: "2026-05-02", until: "2026-05-01"', 'until'],
    ])('refuses %s naming the field', async (extra, named) => {
      const { errors } = await list(extra);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: named });
    });
  });

  it('tells the caller who they are', async () => {
    expect(
      (await as('gz-official', '{ me { username roles jurisdiction { id name { en } } agency { id name { en } } } }'))
        .data.me,
    ).toEqual({
      username: 'gz-official',
      roles: ['official'],
      jurisdiction: { id: 'GZ', name: { en: 'Guangzhou' } },
      agency: {
        id: 'gz-gov-data-bureau',
        name: { en: 'Guangzhou Municipal Government Services and Data Management Bureau' },
      },
    });
    expect((await as(null, '{ me { username } }')).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
