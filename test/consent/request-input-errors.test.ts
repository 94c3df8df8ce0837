/**
 * requestConsent names every bad field of its input at once: a malformed field and one the case's
 * service does not allow (its purposes, the categories the case holds, the expiry window) come back
 * together in `extensions.fields`, so a client does not fix one only to hear of the next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx?.close());

type Answer = { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
const REQUEST = 'mutation ($input: RequestConsentInput!) { requestConsent(input: $input) { id } }';

async function request(change: Record<string, unknown>): Promise<Answer> {
  const input = {
    case: 'case-0002',
    categories: ['IDENTITY'],
    purpose: 'licence-conversion',
    expiresAt: '2026-12-31T23:59:59+08:00',
    ...change,
  };
  const headers = { authorization: `Bearer ${await fx.idp.token('hk-official')}` };
  return (await fx.query(REQUEST, { variables: { input }, headers })).json() as Promise<Answer>;
}

// The fixture's clock is 2026-03-01; case-0002 (hk-td's) holds identity, contact and address data.
describe('a consent request with several bad fields', () => {
  it.each([
    [
      'a purpose, a category and an expiry the case does not allow',
      { purpose: 'tax-filing', categories: ['FINANCIAL'], expiresAt: '2026-02-01T00:00:00+08:00' },
      ['input.categories', 'input.expiresAt', 'input.purpose'],
    ],
    [
      'a malformed purpose beside an expiry too far ahead',
      { purpose: 'Not a purpose', expiresAt: '2029-01-01T00:00:00+08:00' },
      ['input.expiresAt', 'input.purpose'],
    ],
    [
      'no category, an expiry that is no time, and a purpose of another service',
      { categories: [], expiresAt: 'next week', purpose: 'tax-filing' },
      ['input.categories', 'input.expiresAt', 'input.purpose'],
    ],
  ])('names them all at once: %s', async (_case, change, fields) => {
    const answer = await request(change);
    expect(answer.errors).toHaveLength(1);
    const extensions = answer.errors?.[0]?.extensions ?? {};
    expect(extensions.code).toBe('BAD_USER_INPUT');
    const named = (extensions.fields as { field: string; reason: string }[]).map((f) => f.field).sort();
    expect(named).toEqual(fields);
  });

  it('refuses another agency’s case FORBIDDEN without judging the other fields', async () => {
    const sz = await fx.query(REQUEST, {
      variables: { input: { case: 'case-0002', categories: [], purpose: 'x', expiresAt: 'soon' } },
      headers: { authorization: `Bearer ${await fx.idp.token('sz-official')}` },
    });
    const body = (await sz.json()) as Answer;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
