/**
 * Cross-origin calls: an allowed origin is answered as itself, with credentials; any other gets no
 * CORS headers at all (no reflected origin, no `null`, no credentials). Development allows the
 * platform's own origins (PUBLIC_URL, the gateway's address, localhost:4000) and CORS_ORIGINS;
 * production only CORS_ORIGINS (the console is served same-origin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const CONSOLE = 'https://console.example.gov.hk';
const PUBLIC = 'https://gba.example.gov.hk';
const fixtures: Record<string, GatewayFixture> = {};
beforeAll(async () => {
  fixtures.development = await startGatewayFixture({ gateway: { ownOrigins: [`${PUBLIC}/`] } });
  fixtures['development with CORS_ORIGINS'] = await startGatewayFixture({ gateway: { corsOrigins: [CONSOLE] } });
  fixtures.production = await startGatewayFixture({ gateway: { production: true, ownOrigins: [PUBLIC] } });
  fixtures['production with CORS_ORIGINS'] = await startGatewayFixture({
    gateway: { production: true, corsOrigins: [CONSOLE], ownOrigins: [PUBLIC] },
  });
}, 60_000);
afterAll(async () => {
  for (const fx of Object.values(fixtures)) await fx.close();
});

const preflight = (fx: GatewayFixture, origin: string) =>
  fx.gateway.fetch('http://gateway.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

describe.each([
  ['development', 'http://localhost:4000', true],
  ['development', 'http://127.0.0.1:4000', true],
  ['development', PUBLIC, true],
  ['development', 'http://localhost:5173', false],
  ['development', 'https://evil.example', false],
  ['development', 'null', false],
  ['development with CORS_ORIGINS', CONSOLE, true],
  ['development with CORS_ORIGINS', 'http://localhost:4000', true],
  ['development with CORS_ORIGINS', 'https://evil.example', false],
  ['production', 'http://localhost:4000', false],
  ['production', PUBLIC, false],
  ['production', 'https://evil.example', false],
  ['production with CORS_ORIGINS', CONSOLE, true],
  ['production with CORS_ORIGINS', 'http://localhost:4000', false],
  ['production with CORS_ORIGINS', 'https://evil.example', false],
])('in %s, the origin %s', (mode, origin, allowed) => {
  it(allowed ? 'is answered as itself, with credentials' : 'gets no CORS headers', async () => {
    const fx = fixtures[mode] as GatewayFixture;
    for (const response of [
      await preflight(fx, origin),
      await fx.query('{ jurisdictions { id } }', { headers: { origin } }),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed ? origin : null);
      expect(response.headers.get('access-control-allow-credentials')).toBe(allowed ? 'true' : null);
    }
  });
});
