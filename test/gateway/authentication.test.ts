import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

const QUERY = '{ jurisdictions { id } }';

describe('authentication at the gateway', () => {
  it('answers a request with a valid token', async () => {
    const token = await fx.idp.token('hk-official');
    const response = await fx.query(QUERY, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { jurisdictions: unknown[] } }).data.jurisdictions).toHaveLength(5);
  });

  it('answers public fields without a token', async () => {
    expect((await fx.query(QUERY)).status).toBe(200);
  });

  it.each([
    ['a token signed by someone else', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['garbage', 'Bearer not-a-token'],
    ['another scheme', 'Basic aGstb2ZmaWNpYWw6ZGVtbw=='],
  ])('refuses %s with HTTP 401 and UNAUTHENTICATED, before anything runs', async (_name, authorization) => {
    const response = await fx.query(QUERY, { headers: { authorization } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gba", error="invalid_token"');
    const body = (await response.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: expect.any(String) }),
      }),
    ]);
  });

  it('has the subgraph verify the token too, when called directly', async () => {
    const response = await fetch(`${fx.knowledge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
