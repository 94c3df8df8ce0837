/**
 * The console's sign-in on the platform as `gba start` wires it: the console learns its identity
 * provider from `/console-config.json`, an official signs in by code flow with PKCE (plain fetch)
 * with the gateway's own origin as redirect URI, and the gateway accepts the token; a refreshed
 * token too; after end-session the refresh token is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CLIENT } from '../../services/identity/identities.js';
import { authUrl, oidcUrl, pkcePair, refresh, signIn, tokenRequest } from '../support/code-flow.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
let origin: string;
beforeAll(async () => {
  fx = await startPlatformFixture();
  origin = new URL(fx.gateway).origin;
});
afterAll(() => fx?.close());

async function me(token: string): Promise<unknown> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { username jurisdiction { id } } }' }),
  });
  return response.json();
}

describe('signing in to the console of a started platform', () => {
  it('goes from /console-config.json to a token the gateway accepts, refreshes it, and signs out', async () => {
    const config = (await (await fetch(`${origin}/console-config.json`)).json()) as {
      issuer: string;
      clientId: string;
    };
    expect(config).toEqual({ issuer: fx.idp, clientId: CONSOLE_CLIENT });
    const base = config.issuer.replace(/\/realms\/gba$/, '');
    const redirectUri = `${origin}/callback`;
    const { verifier, challenge } = pkcePair();
    const { code, location } = await signIn(
      authUrl(base, {
        client_id: config.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
        state: 's1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      'sz-official',
    );
    expect(location.origin).toBe(origin);
    const tokens = await tokenRequest(base, {
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: code as string,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(await me(tokens.body.access_token as string)).toEqual({
      data: { me: { username: 'sz-official', jurisdiction: { id: 'SZ' } } },
    });
    const refreshed = await refresh(base, tokens.body.refresh_token as string);
    expect(await me(refreshed.body.access_token as string)).toMatchObject({
      data: { me: { username: 'sz-official' } },
    });
    const logout = new URL(oidcUrl(base, 'logout'));
    logout.searchParams.set('id_token_hint', refreshed.body.id_token as string);
    logout.searchParams.set('post_logout_redirect_uri', `${origin}/`);
    expect((await fetch(logout, { redirect: 'manual' })).headers.get('location')).toBe(`${origin}/`);
    expect((await refresh(base, refreshed.body.refresh_token as string)).status).toBe(400);
  });
});
