/**
 * The GraphQL-over-HTTP specification at the gateway: GET for queries, POST for everything,
 * `application/graphql-response+json` with its status codes, mutations never over GET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startGatewayFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const get = (query: string, accept = 'application/graphql-response+json') =>
  fixture.gateway.fetch(`http://gateway.test/graphql?query=${encodeURIComponent(query)}`, { headers: { accept } });

describe('GraphQL over HTTP', () => {
  it('answers a query sent by GET, as application/graphql-response+json', async () => {
    const response = await get('{ jurisdictions { id } }');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await response.json()) as { data: { jurisdictions: unknown[] } }).data.jurisdictions).toHaveLength(5);
  });

  it('refuses a mutation sent by GET with 405', async () => {
    const response = await get('mutation { revokeConsent(id: "con-0001") { id } }');
    expect(response.status).toBe(405);
  });

  it('answers a document that does not validate with 400 for graphql-response+json and 200 for plain JSON', async () => {
    expect((await get('{ nope }')).status).toBe(400);
    expect((await get('{ nope }', 'application/json')).status).toBe(200);
  });

  it('refuses a media type it cannot produce with 406', async () => {
    expect((await get('{ jurisdictions { id } }', 'application/xml')).status).toBe(406);
  });
});
