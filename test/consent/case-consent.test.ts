/** The consent rule of DESIGN.md, through the gateway, with tokens from the dev identity provider. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consent } from '../../schema/domain/index.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const CASE = `query Case($id: ID!) { case(id: $id) {
  id status service { id title { en } } handlingJurisdiction { id } originJurisdiction { id }
  applicant { name { en } idNumber phone email }
  documents { category reference }
} }`;

interface Answer {
  data: {
    case: null | {
      id: string;
      service: { id: string; title: { en: string } };
      applicant: Record<string, unknown>;
      documents: { category: string; reference: string | null }[];
    };
  };
  errors?: { path?: (string | number)[]; extensions: Record<string, unknown> }[];
}

async function ask(who: string | null, id: string): Promise<Answer> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${await fx.idp.token(who)}` } : {};
  return (await fx.query(CASE, { variables: { id }, headers })).json() as Promise<Answer>;
}

const codesAt = (a: Answer) =>
  Object.fromEntries((a.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions.code]));

describe('case(id) under the consent rule', () => {
  it('shows the origin side’s official every personal field, joined with the service from knowledge', async () => {
    const a = await ask('sz-official', 'case-0001');
    expect(a.errors).toBeUndefined();
    expect(a.data.case?.service).toEqual({
      id: 'svc-hk-td-direct-issue-dl',
      title: { en: 'Direct issue of a full Hong Kong driving licence to holders of Mainland or overseas licences' },
    });
    expect(a.data.case?.applicant).toEqual({
      name: { en: 'Zhang Wei' },
      idNumber: '440300199001010000',
      phone: '+86 100 0000 0004',
      email: expect.stringMatching(/@example\.org$/),
    });
  });

  it('shows the handling side only what an active consent covers, with CONSENT_REQUIRED at each other path', async () => {
    const a = await ask('hk-official', 'case-0001');
    expect(a.data.case?.id).toBe('case-0001');
    expect(a.data.case?.applicant.name).toEqual({ en: expect.any(String) });
    expect(a.data.case?.applicant.idNumber).toEqual(expect.any(String));
    expect(a.data.case?.applicant.phone).toBeNull();
    expect(a.data.case?.applicant.email).toBeNull();
    expect(a.data.case?.documents).toEqual([{ category: 'DRIVING_RECORD', reference: 'doc:case-0001:driving-record' }]);
    expect(codesAt(a)).toEqual({
      'case.applicant.phone': 'CONSENT_REQUIRED',
      'case.applicant.email': 'CONSENT_REQUIRED',
    });
  });

  it('denies every personal field once the consent has expired, and still answers the rest', async () => {
    const a = await ask('hk-official', 'case-0002');
    expect(a.data.case?.id).toBe('case-0002');
    expect(a.data.case?.applicant).toEqual({ name: null, idNumber: null, phone: null, email: null });
    expect(a.data.case?.documents).toEqual([{ category: 'DRIVING_RECORD', reference: null }]);
    expect(new Set(Object.values(codesAt(a)))).toEqual(new Set(['CONSENT_REQUIRED']));
  });

  it('shows the resident their own case, and nobody else’s', async () => {
    expect((await ask('p-0004', 'case-0001')).data.case?.applicant.idNumber).toEqual(expect.any(String));
    expect(codesAt(await ask('p-0005', 'case-0001'))).toEqual({ case: 'FORBIDDEN' });
  });

  it.each(['gz-official', 'gd-official', 'auditor', 'hk-td'])(
    'refuses %s the whole case with FORBIDDEN',
    async (who) => {
      const a = await ask(who, 'case-0001');
      expect(a.data.case).toBeNull();
      expect(codesAt(a)).toEqual({ case: 'FORBIDDEN' });
    },
  );

  it('refuses an anonymous caller with UNAUTHENTICATED, and a missing case as one it may not see', async () => {
    expect(codesAt(await ask(null, 'case-0001'))).toEqual({ case: 'UNAUTHENTICATED' });
    expect(codesAt(await ask('hk-official', 'case-9999'))).toEqual({ case: 'FORBIDDEN' });
  });

  it('honours a revocation from the very next query', async () => {
    expect((await ask('hk-official', 'case-0001')).data.case?.applicant.idNumber).toEqual(expect.any(String));
    const [consent] = (await fx.store.getByIds('Consent', ['con-0001'])) as [Consent];
    await fx.store.write([
      { label: 'Consent', records: [{ ...consent, revokedAt: '2026-03-01T11:00:00+08:00', version: 2 }] },
    ]);
    const after = await ask('hk-official', 'case-0001');
    expect(after.data.case?.applicant.idNumber).toBeNull();
    expect(codesAt(after)['case.applicant.idNumber']).toBe('CONSENT_REQUIRED');
    await fx.store.write([{ label: 'Consent', records: [consent] }]);
  });

  it('audits every decision, allow and deny, with who, whose, what, why and the request id (one record per outcome)', async () => {
    const response = await fx.query(CASE, {
      variables: { id: 'case-0001' },
      headers: { authorization: `Bearer ${await fx.idp.token('hk-official')}`, 'x-request-id': 'audit-probe-1' },
    });
    expect(response.status).toBe(200);
    // Audited under the platform's request id, which the answer carries; the caller's is not the key.
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toBe('audit-probe-1');
    const records = (await fx.audit.bySubject('p-0004', { first: 1000 })).filter((r) => r.requestId === requestId);
    // Decisions alike but for their category share one record: both allowed under con-0001 together.
    expect(records.map((r) => [[...r.categories].sort(), r.decision, r.consentId])).toEqual(
      expect.arrayContaining([
        [['driving-record', 'identity'], 'allow', 'con-0001'],
        [['contact'], 'deny', null],
      ]),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      actor: { username: 'hk-official', agency: 'hk-td', jurisdiction: 'HK', roles: ['official'] },
      subject: 'p-0004',
      resource: 'case case-0001',
      at: '2026-03-01T04:00:00.000Z',
    });
    expect((await fx.audit.verify()).ok).toBe(true);
  });
});
