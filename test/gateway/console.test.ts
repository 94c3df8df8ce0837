/**
 * The web console at the gateway's `/`: a built app's files with their types and caching, client
 * routes falling back to index.html, a strict CSP, `/console-config.json`, the "not built" page,
 * and the gateway's own endpoints untouched.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE } from '../../services/gateway/static-files.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dist = tempDir('gba-console-');
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-BOX_valW.js"></script></head></html>';
const ISSUER = 'http://localhost:8080/realms/gba';
let fx: GatewayFixture;

beforeAll(async () => {
  mkdirSync(join(dist.path, 'assets'));
  writeFileSync(join(dist.path, 'index.html'), INDEX);
  writeFileSync(join(dist.path, 'assets', 'index-BOX_valW.js'), 'console.log("app")');
  writeFileSync(join(dist.path, 'assets', 'index-B8MFvDZ7.css'), 'body{}');
  writeFileSync(join(dist.path, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist.path, '.env'), 'SECRET=1');
  fx = await startGatewayFixture({
    gateway: { console: { dir: dist.path, config: { issuer: ISSUER, clientId: 'gba-console' } } },
  });
});
afterAll(async () => {
  await fx.close();
  dist.remove();
});

const get = (path: string, init?: RequestInit) => fx.gateway.fetch(`http://gateway.test${path}`, init);

describe('the web console at /', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', REVALIDATE],
    ['/index.html', 'text/html; charset=utf-8', REVALIDATE],
    ['/assets/index-BOX_valW.js', 'text/javascript; charset=utf-8', IMMUTABLE],
    ['/assets/index-B8MFvDZ7.css', 'text/css; charset=utf-8', IMMUTABLE],
    ['/favicon.svg', 'image/svg+xml', REVALIDATE],
  ])('serves %s as %s with cache-control %s', async (path, type, cache) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe(cache);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/search', '/practices/pr-hk-001', '/compare/kiosk?j=HK,SZ'])(
    'answers the client route %s with index.html, never cached',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(REVALIDATE);
      expect(await response.text()).toBe(INDEX);
    },
  );

  it.each(['/assets/missing-12345678.js', '/.env', '/%2e%2e/package.json', '/..%2fpackage.json', '/%E0%A4%A'])(
    'answers %s with 404 and no file',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('Not found');
    },
  );

  it('allows no third-party origin: only its own files, and fetch to the identity provider', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' http://localhost:8080;");
    const origins = csp.match(/https?:\/\/[^\s;]+/g);
    expect(origins).toEqual(['http://localhost:8080']);
    expect(csp).not.toContain('unsafe');
  });

  it('tells the console where its identity provider is', async () => {
    const response = await get('/console-config.json');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ issuer: ISSUER, clientId: 'gba-console' });
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await get('/', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it('leaves /graphql, /healthz and /metrics to the gateway', async () => {
    const answer = await fx.query('{ jurisdictions { id } }');
    expect(answer.status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/metrics')).headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await get('/graphql/')).headers.get('content-security-policy')).toBeNull();
  });

  it('explains that the console is not built when its index.html is missing, and serves it once built', async () => {
    rmSync(join(dist.path, 'index.html'));
    const missing = await get('/search');
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('The web console is not built');
    writeFileSync(join(dist.path, 'index.html'), INDEX);
    expect((await get('/search')).status).toBe(200);
  });
});
