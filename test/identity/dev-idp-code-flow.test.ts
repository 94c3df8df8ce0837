/**
 * What only the dev identity provider shows of the console's sign-in (the shared part is
 * code-flow.contract.ts, run on Keycloak too): lifetimes on a clock the test moves, the configured
 * access-token lifetime, the sign-in page's languages and accessibility, CORS for the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_SECONDS, SESSION_IDLE_SECONDS } from '../../services/identity/dev-idp/sessions.js';
import {
  consoleAuthUrl,
  consoleSignIn,
  exchangeCode,
  oidcUrl,
  pkcePair,
  refresh,
  signIn,
} from '../support/code-flow.js';
import { type DevIdpFixture, startDevIdp } from '../support/dev-idp-fixture.js';

let clock = Date.parse('2026-11-30T09:00:00Z');
let idp: DevIdpFixture;
beforeAll(async () => {
  idp = await startDevIdp(undefined, { now: () => new Date(clock), accessTokenTtlSeconds: 20 });
});
afterAll(() => idp.close());

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());

describe('the dev identity provider’s code flow', () => {
  it('issues access tokens with the configured lifetime', async () => {
    const tokens = await consoleSignIn(idp.url, 'sz-official');
    expect(tokens.expires_in).toBe(20);
    const { iat, exp } = claimsOf(tokens.access_token as string);
    expect(exp - iat).toBe(20);
  });

  it('refuses a code presented after its minute is up', async () => {
    const { verifier, challenge } = pkcePair();
    const { code } = await signIn(consoleAuthUrl(idp.url, challenge), 'hk-official');
    clock += (CODE_TTL_SECONDS + 1) * 1000;
    expect(await exchangeCode(idp.url, code as string, verifier)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringMatching(/expired/) },
    });
  });

  it('refuses a refresh token once the session has been idle too long', async () => {
    const tokens = await consoleSignIn(idp.url, 'hk-official');
    clock += (SESSION_IDLE_SECONDS + 1) * 1000;
    expect(await refresh(idp.url, tokens.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('ends the whole session when a spent refresh token comes back, so the thief’s newer one fails too', async () => {
    const first = await consoleSignIn(idp.url, 'hk-official');
    const second = await refresh(idp.url, first.refresh_token as string);
    expect((await refresh(idp.url, first.refresh_token as string)).status).toBe(400);
    expect((await refresh(idp.url, second.body.refresh_token as string)).status).toBe(400);
  });

  it('ends the session when a code comes back a second time', async () => {
    const { verifier, challenge } = pkcePair();
    const { code } = await signIn(consoleAuthUrl(idp.url, challenge), 'hk-official');
    const first = await exchangeCode(idp.url, code as string, verifier);
    await exchangeCode(idp.url, code as string, verifier);
    expect((await refresh(idp.url, first.body.refresh_token as string)).status).toBe(400);
  });

  it('answers a silent request (prompt=none) with login_required: the twin keeps no sign-in cookie', async () => {
    const response = await fetch(consoleAuthUrl(idp.url, pkcePair().challenge, { prompt: 'none' }), {
      redirect: 'manual',
    });
    expect(new URL(response.headers.get('location') as string).searchParams.get('error')).toBe('login_required');
  });

  it('shows the sign-in page again, with an alert, after a wrong password', async () => {
    const page = await fetch(consoleAuthUrl(idp.url, pkcePair().challenge));
    const html = await page.text();
    const login = /name="login" value="([^"]+)"/.exec(html)?.[1] as string;
    const again = await fetch(oidcUrl(idp.url, 'auth'), {
      method: 'POST',
      body: new URLSearchParams({ login, username: 'hk-official', password: 'guess' }),
      redirect: 'manual',
    });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('role="alert"');
  });
});

describe('the sign-in page', () => {
  it.each([
    [{ 'accept-language': 'zh-HK,zh;q=0.8,en;q=0.5' }, {}, 'zh-Hant', '登入大灣區政務交換平台'],
    [{ 'accept-language': 'zh-CN' }, {}, 'zh-Hans', '登录大湾区政务交换平台'],
    [{ 'accept-language': 'fr, en;q=0.5' }, {}, 'en', 'Sign in to GBA Exchange'],
    [{ 'accept-language': 'zh-CN' }, { ui_locales: 'zh-Hant' }, 'zh-Hant', '密碼'],
    [{}, { ui_locales: 'en zh-Hans' }, 'en', 'Password'],
  ])('with %o and %o is in %s', async (headers, params, lang, phrase) => {
    const page = await fetch(consoleAuthUrl(idp.url, pkcePair().challenge, params), { headers });
    const html = await page.text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(phrase);
  });

  it('loads nothing from elsewhere and labels every field', async () => {
    const page = await fetch(consoleAuthUrl(idp.url, pkcePair().challenge));
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const ids = [...html.matchAll(/<input[^>]*type="(radio|password)"[^>]*id="([^"]+)"/g)].map((m) => m[2]);
    expect(ids).toContain('password');
    expect(ids).toContain('user-sz-official');
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
  });
});

describe('CORS for the console', () => {
  it('lets the console’s origin call the token endpoint and no other origin', async () => {
    const ask = (origin: string) =>
      fetch(oidcUrl(idp.url, 'token'), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await ask('http://localhost:4000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');
    expect((await ask('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
