/**
 * The public API's limits (OWASP GraphQL Cheat Sheet): each refusal comes before execution (no
 * `data` at all) with `QUERY_TOO_COMPLEX` naming the limit, while the queries officials really send
 * pass; batches are capped, field suggestions hidden, introspection off in production only.
 */

import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../services/server-kit/use-limits.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let dev: GatewayFixture;
let production: GatewayFixture;
beforeAll(async () => {
  dev = await startGatewayFixture({ gateway: { limits: { cost: 400 } } });
  production = await startGatewayFixture({ gateway: { production: true } });
});
afterAll(async () => {
  await dev?.close();
  await production?.close();
});

async function refusal(fixture: GatewayFixture, query: string) {
  const response = await fixture.query(query);
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: response.status, body };
}

const nested = (levels: number) =>
  `{ practice(id: "prac-hk-td-direct-issue-in-iamsmart") { ${'inspiredBy { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('operation limits at the gateway', () => {
  it('refuses a query nested deeper than 10 levels, and runs one at 10', async () => {
    // practice, nine inspiredBy and id: 11 levels.
    const { status, body } = await refusal(dev, nested(9));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      message: `Query depth limit of ${DEFAULT_LIMITS.depth} exceeded, found 11.`,
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' },
    });
    const ok = await refusal(dev, nested(8));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: jurisdictions { id }`).join(' ');
    const { status, body } = await refusal(dev, `{ ${aliases} }`);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
  });

  it('refuses more than 10 directives', async () => {
    const fields = Array.from({ length: 11 }, () => 'id @include(if: true)').join(' ');
    const { status, body } = await refusal(dev, `{ jurisdictions { ${fields} } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
  });

  it('refuses a document of more than 2000 tokens while parsing it', async () => {
    const { status, body } = await refusal(dev, `{ jurisdictions { ${'id '.repeat(2000)} } }`);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
  });

  it('refuses a query over the cost limit (set to 400 here)', async () => {
    const fields = 'id title { en zhHant zhHans } summary { en zhHant zhHans } agency { id name { en zhHant zhHans } }';
    const { status, body } = await refusal(dev, `{ services(first: 20) { edges { node { ${fields} } } } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('lets an official’s nested query and GraphiQL’s introspection through with the default limits', async () => {
    const official = await refusal(
      production,
      `{ practices(first: 20) { totalCount edges { node { id title { en zhHant zhHans } agency { id name { en } }
         relatedServices { id title { en } channels } inspiredBy { id title { en } } outcomes { metric value unit sourced } } } } }`,
    );
    expect(official.body.errors).toBeUndefined();
    expect(official.status).toBe(200);
    const introspection = await refusal(dev, getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
  });

  it('refuses a page larger than 100 with BAD_USER_INPUT naming the argument', async () => {
    const { body } = await refusal(production, '{ services(first: 1000) { totalCount } }');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body.errors?.[0]?.message).toMatch(/^first: /);
  });

  it('caps batched operations at 10 per request', async () => {
    const batch = (n: number) =>
      dev.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ jurisdictions { id } }' }))),
      });
    const ten = await batch(10);
    expect(ten.status).toBe(200);
    expect((await ten.json()) as unknown[]).toHaveLength(10);
    const eleven = await batch(11);
    expect(eleven.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await eleven.json())).toMatch(/Batching is limited to 10 operations per request/);
  });

  it('hides field suggestions', async () => {
    const { body } = await refusal(dev, '{ jurisdiction { id } }');
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "jurisdiction"/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
  });

  it('refuses introspection in production only', async () => {
    const refused = await refusal(production, '{ __schema { queryType { name } } }');
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await refusal(dev, '{ __schema { queryType { name } } }');
    expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('the request body limit at the gateway', () => {
  const padded = (bytes: number) => {
    const head = '{"query":"{ jurisdictions { id } }","variables":{"pad":"';
    return `${head}${'x'.repeat(bytes - head.length - 3)}"}}`;
  };
  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    dev.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it.each([
    ['declared in Content-Length', true],
    ['sent without a declared length', false],
  ])('refuses a body over 1 MiB with 413, %s, and runs one of exactly 1 MiB', async (_how, declare) => {
    // A stream has no length to declare.
    const send = (body: string) =>
      declare ? post(body, { 'content-length': String(Buffer.byteLength(body)) }) : post(new Blob([body]).stream());
    const response = await send(padded(1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^The request body is over the limit of 1048576 bytes/),
          extensions: { code: 'BAD_USER_INPUT', limit: 'body', maxBytes: 1048576 },
        },
      ],
    });
    const ran = await send(padded(1024 * 1024));
    expect(ran.status).toBe(200);
    expect(await ran.json()).toEqual({ data: { jurisdictions: expect.arrayContaining([{ id: 'HK' }]) } });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])(
    'refuses a %s-compressed body with 415 before reading it (under 64 KiB that decode to 8 MiB)',
    async (encoding, pack) => {
      const body = pack(Buffer.from(padded(8 * 1024 * 1024))) as Buffer;
      expect(body.byteLength).toBeLessThan(64 * 1024);
      const response = await dev.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: new Uint8Array(body),
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: `Compressed request bodies are not accepted (Content-Encoding: "${encoding}"): send the body uncompressed, at most the body limit.`,
            extensions: { code: 'BAD_USER_INPUT', limit: 'content-encoding', encoding },
          },
        ],
      });
    },
  );

  it('names a long, hostile Content-Encoding quoted and bounded: at most 64 of its characters, no control characters', async () => {
    const encoding = `x-\u202e${'z'.repeat(5000)}`;
    const response = await dev.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body: '{"query":"{ jurisdictions { id } }"}',
    });
    expect(response.status).toBe(415);
    const [error] = ((await response.json()) as { errors: { message: string; extensions: { encoding: string } }[] })
      .errors;
    expect(error?.message).toMatch(/^Compressed request bodies are not accepted \(Content-Encoding: "x-z{61}…"\)/);
    expect(error?.extensions.encoding).toMatch(/^x-z{61}…$/);
    expect(JSON.stringify(error)).not.toMatch(/z{63}|\u202e/);
  });

  it('runs a body declared identity-encoded', async () => {
    const response = await post('{"query":"{ jurisdictions { id } }"}', { 'content-encoding': 'identity' });
    expect(response.status).toBe(200);
  });

  it('runs a body of exactly 1 MiB', async () => {
    const response = await post(padded(1024 * 1024));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { jurisdictions: expect.any(Array) } });
  });
});
