/**
 * Cross-origin calls: CORS_ORIGINS names the browser origins the gateway answers (with credentials);
 * without it, production answers its own origin only (no CORS headers at all), while development
 * keeps Yoga's permissive default for local tools.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const CONSOLE = 'https://console.example.gov.hk';
let configured: GatewayFixture;
let production: GatewayFixture;
beforeAll(async () => {
  configured = await startGatewayFixture({ gateway: { production: true, corsOrigins: [CONSOLE] } });
  production = await startGatewayFixture({ gateway: { production: true } });
});
afterAll(async () => {
  await configured?.close();
  await production?.close();
});

const preflight = (fx: GatewayFixture, origin: string) =>
  fx.gateway.fetch('http://gateway.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

it.each([
  ['a listed origin is answered, with credentials', () => configured, CONSOLE, true],
  // Yoga names the one listed origin whoever asks: a browser on another origin refuses the answer.
  ['an unlisted origin is not answered as itself', () => configured, 'https://evil.example', false],
  ['in production without CORS_ORIGINS, no other origin is answered', () => production, 'https://evil.example', false],
])('%s', async (_title, fx, origin, answered) => {
  for (const response of [
    await preflight(fx(), origin),
    await fx().query('{ jurisdictions { id } }', { headers: { origin } }),
  ]) {
    const allowed = response.headers.get('access-control-allow-origin');
    if (answered) {
      expect(allowed).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    } else {
      expect(allowed === origin || allowed === '*').toBe(false);
    }
  }
});

it('development without CORS_ORIGINS keeps answering any origin (local tools)', async () => {
  const dev = await startGatewayFixture();
  try {
    const response = await preflight(dev, 'http://localhost:5173');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  } finally {
    await dev.close();
  }
});
