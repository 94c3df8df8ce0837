/**
 * Each subgraph defends itself as the gateway does, for a request sent straight to it: the same
 * operation limits (with room for the aliases and keys the gateway's planner adds), the same body
 * limit, no CORS headers (only the gateway calls a subgraph), and in
 * production no introspection and no "Did you mean …?" (the gateway still reads `_service { sdl }`).
 */
import { describe, expect, it } from 'vitest';
import { devAndProductionFixtures, type GatewayFixture } from '../support/gateway-fixture.js';

const fixtures = devAndProductionFixtures();

const subgraphs = ['knowledge', 'exchange', 'consent'] as const;

async function ask(fixture: GatewayFixture, subgraph: (typeof subgraphs)[number], query: string) {
  const response = await fetch(`${fixture[subgraph].url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: object }[] };
  return { status: response.status, body };
}

const over = [
  { limit: 'aliases', query: `{ ${Array.from({ length: 61 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }` },
  { limit: 'tokens', query: `{ ${'__typename '.repeat(4001)} }` },
  { limit: 'directives', query: `{ ${Array.from({ length: 11 }, () => '__typename @include(if: true)').join(' ')} }` },
] as const;

describe.each(subgraphs)('the %s subgraph', (subgraph) => {
  it.each(over)('refuses a query over the $limit limit before it runs', async ({ limit, query }) => {
    const { status, body } = await ask(fixtures.dev(), subgraph, query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  });

  it('refuses introspection in production only, and still gives the gateway its SDL', async () => {
    const refused = await ask(fixtures.production(), subgraph, '{ __schema { queryType { name } } }');
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection is disabled/);
    expect((await ask(fixtures.production(), subgraph, '{ __type(name: "Query") { name } }')).status).toBe(400);
    const sdl = await ask(fixtures.production(), subgraph, '{ _service { sdl } }');
    expect(sdl.body).toMatchObject({ data: { _service: { sdl: expect.stringContaining('type Query') } } });
    const allowed = await ask(fixtures.dev(), subgraph, '{ __schema { queryType { name } } }');
    expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it.each([
    ['declared in Content-Length', true],
    ['sent without a declared length', false],
  ])('refuses a body over 1 MiB with 413, %s, and runs one of exactly 1 MiB', async (_how, declare) => {
    const padded = (bytes: number) => {
      const head = '{"query":"{ __typename }","variables":{"pad":"';
      return `${head}${'x'.repeat(bytes - head.length - 3)}"}}`;
    };
    // A stream has no length to declare: fetch sends it chunked.
    const send = (body: string) =>
      fetch(`${fixtures.dev()[subgraph].url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: declare ? body : new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit);
    const refused = await send(padded(1024 * 1024 + 1));
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', limit: 'body', maxBytes: 1048576 } }],
    });
    const ran = await send(padded(1024 * 1024));
    expect(await ran.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    ['development', 'https://evil.example'],
    ['development', 'http://localhost:4000'],
    ['production', 'https://evil.example'],
  ] as const)('in %s sends no CORS headers to the origin %s (only the gateway calls it)', async (mode, origin) => {
    const fixture = mode === 'production' ? fixtures.production() : fixtures.dev();
    const url = `${fixture[subgraph].url}/graphql`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    const post = await fetch(url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    for (const response of [preflight, post]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('hides field suggestions in production', async () => {
    const { body } = await ask(fixtures.production(), subgraph, '{ _servic { sdl } }');
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "_servic"/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    expect(JSON.stringify((await ask(fixtures.dev(), subgraph, '{ _servic { sdl } }')).body)).toMatch(/Did you mean/);
  });
});

it('the knowledge subgraph refuses a query nested deeper than 10 levels', async () => {
  const query = `{ practice(id: "prac-hk-td-direct-issue-in-iamsmart") { ${'inspiredBy { '.repeat(9)}id${' }'.repeat(9)} } }`;
  const { status, body } = await ask(fixtures.dev(), 'knowledge', query);
  expect(status).toBe(400);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
});
