/**
 * The consent lifecycle through the GraphQL door (the event door: test/connectors/consent-events.test.ts):
 * the same rules, the same audit records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactForHkTd } from '../support/fixtures.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
type Answer = { data: any; errors?: { message: string; extensions: Record<string, unknown> }[] };

async function as(who: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
  return (await fx.query(query, { variables, headers })).json() as Promise<Answer>;
}

const GRANT = `mutation Grant($input: GrantConsentInput!) { grantConsent(input: $input) { consent { id version state } } }`;
const REVOKE = 'mutation Revoke($id: ID!) { revokeConsent(id: $id) { consent { id state version } } }';

const good = contactForHkTd;

describe('grantConsent, under the lifecycle rules', () => {
  it.each([
    ['a purpose not of the case’s service', { purpose: 'marketing' }, 'input.purpose', /not a purpose of the service/],
    ['the controller as recipient', { recipient: 'gd-psd' }, 'input.recipient', /is the controller/],
    [
      'a controller that does not hold the case’s data (case-0001 comes from SZ)',
      { controller: 'hk-dpo' },
      'input.controller',
      /hk-dpo \(HK\) does not hold the data of case case-0001, which comes from SZ/,
    ],
    ['a controller that is no agency', { controller: 'no-such-agency' }, 'input.controller', /no agency has the id/],
  ])('refuses %s with BAD_USER_INPUT naming the field, and stores nothing', async (_t, change, field, reason) => {
    const before = (await fx.store.find('Consent', { where: [], first: 1000 })).records.length;
    const a = await as('p-0004', GRANT, { input: { ...good, ...change } });
    expect(a.data.grantConsent).toBeNull();
    expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(a.errors?.[0]?.message).toMatch(reason);
    expect((await fx.store.find('Consent', { where: [], first: 1000 })).records).toHaveLength(before);
  });

  it('records the grant and the revocation in the audit log, and a second revocation is refused as final', async () => {
    const granted = await as('p-0004', GRANT, { input: good });
    expect(granted.errors).toBeUndefined();
    const id = granted.data.grantConsent.consent.id as string;
    const revoked = await as('p-0004', REVOKE, { id });
    expect(revoked.data.revokeConsent.consent).toEqual({ id, state: 'REVOKED', version: 2 });
    const again = await as('p-0004', REVOKE, { id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(again.errors?.[0]?.message).toMatch(/was revoked at .*a new grant is a new consent/);

    // The log serves newest first).toReversed(); read in the order they happened.
    const records = (await fx.audit.bySubject('p-0004', { first: 1000 })).toReversed();
    const mine = records.filter((r) => r.consentId === id);
    expect(mine.map((r) => [r.reason, r.consentVersion, r.decision, r.actor.subject])).toEqual([
      ['consent granted', 1, 'allow', expect.any(String)],
      ['consent revoked', 2, 'allow', expect.any(String)],
    ]);
    expect(mine[0]?.resource).toBe(`consent ${id} granted by grantConsent`);
    expect(mine[1]?.resource).toBe(`consent ${id} revoked by revokeConsent`);
  });
});
