/**
 * Only the gateway may call a subgraph: with a gateway secret configured, each subgraph's `/graphql`
 * refuses any request without it (HTTP 403, FORBIDDEN, nothing parsed), while the gateway, which sends
 * it, composes and answers as before and the probes stay open. In development the secret is generated
 * into DATA_DIR (mode 0600), never a default.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_SECRET_HEADER, loadOrCreateGatewaySecret } from '../../services/server-kit/gateway-only.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const SECRET = 'a'.repeat(24) + 'b'.repeat(40);
let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture({ hardening: { gatewaySecret: SECRET } });
});
afterAll(() => fx?.close());

const subgraphs = ['knowledge', 'exchange', 'consent'] as const;

describe.each(subgraphs)('the %s subgraph', (subgraph) => {
  const post = (headers: Record<string, string>, path = '/graphql') =>
    fetch(`${fx[subgraph].url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });

  it.each([
    ['no secret', {}],
    ['a wrong secret', { [GATEWAY_SECRET_HEADER]: 'c'.repeat(64) }],
    ['a secret of another length', { [GATEWAY_SECRET_HEADER]: SECRET.slice(1) }],
  ])('refuses a request with %s', async (_what, headers) => {
    const response = await post(headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [{ message: 'This subgraph answers the gateway only.', extensions: { code: 'FORBIDDEN' } }],
    });
  });

  // The server answers GraphQL at other spellings of its endpoint too: each is closed without the secret.
  it.each(['/graphql/', '//graphql', '/graphql//', '/GraphQL', '/anything'])(
    'refuses a request without the secret at %s',
    async (path) => {
      const response = await post({}, path);
      expect(response.status).toBe(403);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe('FORBIDDEN');
    },
  );

  it('answers the gateway’s secret, and its probes answer anyone', async () => {
    expect((await post({ [GATEWAY_SECRET_HEADER]: SECRET })).status).toBe(200);
    expect((await fetch(`${fx[subgraph].url}/healthz`)).status).toBe(200);
  });
});

it('the gateway composed over the guarded subgraphs and answers through them', async () => {
  const response = await fx.query(
    '{ jurisdictions { id } announcements(first: 1) { id } case(id: "case-0001") { id } }',
    { headers: { authorization: `Bearer ${await fx.idp.token('hk-official')}` } },
  );
  const body = (await response.json()) as { data: Record<string, unknown>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data).toMatchObject({ jurisdictions: expect.any(Array), case: { id: 'case-0001' } });
  expect((await fx.gateway.fetch('http://gateway.test/readyz')).status).toBe(200);
});

it('generates the development secret once into DATA_DIR, readable by its owner only', () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'gateway-secret');
    const first = loadOrCreateGatewaySecret(file);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateGatewaySecret(file)).toBe(first);
    expect(readFileSync(file, 'utf8')).toBe(first);
  } finally {
    dir.remove();
  }
});
