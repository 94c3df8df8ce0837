/**
 * The browser half of the identity-provider contract (run by identity-provider.contract.ts on every
 * adapter): the console's authorisation code flow with PKCE done over plain HTTP, its access token
 * verified by keycloak-connect through the platform's authenticator, refresh-token rotation,
 * end-session, and the refusals a console must meet the same way from the dev twin and Keycloak.
 */
import { expect, it } from 'vitest';
import { CONSOLE_CLIENT, REALM } from '../../services/identity/identities.js';
import type { KeycloakAuthenticator } from '../../services/identity/keycloak/keycloak-authenticator.js';
import {
  CONSOLE_REDIRECT,
  consoleAuthUrl,
  consoleSignIn,
  exchangeCode,
  oidcUrl,
  pkcePair,
  refresh,
  signIn,
} from '../support/code-flow.js';

export function codeFlowContract(setup: () => Promise<{ url: string; auth: KeycloakAuthenticator }>): void {
  it('publishes the authorisation and end-session endpoints and PKCE S256 in discovery', async () => {
    const { url } = await setup();
    const doc = await (await fetch(`${url}/realms/${REALM}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      authorization_endpoint: oidcUrl(url, 'auth'),
      end_session_endpoint: oidcUrl(url, 'logout'),
      code_challenge_methods_supported: expect.arrayContaining(['S256']),
      grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
    });
  });

  it('signs an official in to the console by code flow with PKCE, with a token the platform accepts', async () => {
    const { url, auth } = await setup();
    const { verifier, challenge } = pkcePair();
    const { location, code } = await signIn(consoleAuthUrl(url, challenge), 'sz-official');
    expect(`${location.origin}${location.pathname}`).toBe(CONSOLE_REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-123');
    const { status, body } = await exchangeCode(url, code as string, verifier);
    expect(status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.id_token).toEqual(expect.any(String));
    expect(await auth.authenticate(body.access_token as string)).toMatchObject({
      username: 'sz-official',
      clientId: CONSOLE_CLIENT,
      roles: ['official'],
      jurisdiction: 'SZ',
      agency: 'sz-gov-data-bureau',
    });
    const idClaims = JSON.parse(Buffer.from((body.id_token as string).split('.')[1] as string, 'base64url').toString());
    expect(idClaims).toMatchObject({ aud: CONSOLE_CLIENT, nonce: 'nonce-456', preferred_username: 'sz-official' });
  });

  it('rotates refresh tokens: the new access token is accepted, the spent refresh token refused', async () => {
    const { url, auth } = await setup();
    const first = await consoleSignIn(url, 'hk-official');
    const second = await refresh(url, first.refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(await auth.authenticate(second.body.access_token as string)).toMatchObject({ username: 'hk-official' });
    const reused = await refresh(url, first.refresh_token as string);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('ends the session at end-session and sends the browser back to the console with its state', async () => {
    const { url } = await setup();
    const tokens = await consoleSignIn(url, 'gz-official');
    const logout = new URL(oidcUrl(url, 'logout'));
    logout.searchParams.set('id_token_hint', tokens.id_token as string);
    logout.searchParams.set('post_logout_redirect_uri', 'http://localhost:4000/signed-out');
    logout.searchParams.set('state', 'bye');
    const response = await fetch(logout, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:4000/signed-out?state=bye');
    expect(await refresh(url, tokens.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses an end-session redirect the console did not register, without redirecting', async () => {
    const { url } = await setup();
    const tokens = await consoleSignIn(url, 'gz-official');
    const logout = new URL(oidcUrl(url, 'logout'));
    logout.searchParams.set('id_token_hint', tokens.id_token as string);
    logout.searchParams.set('post_logout_redirect_uri', 'https://evil.example/');
    const response = await fetch(logout, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['another site', 'https://evil.example/callback'],
    ['a look-alike host', 'http://localhost:4000.evil.example/'],
    ['none at all', ''],
  ])(
    'refuses a redirect URI the client did not register (%s) with an error page, never redirecting',
    async (_, uri) => {
      const { url } = await setup();
      const response = await fetch(consoleAuthUrl(url, pkcePair().challenge, { redirect_uri: uri }), {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    },
  );

  it.each([
    ['no PKCE challenge', { code_challenge: undefined, code_challenge_method: undefined }],
    ['the plain PKCE method', { code_challenge_method: 'plain' }],
    ['no PKCE method', { code_challenge_method: undefined }],
  ] as const)(
    'sends a request with %s back to the console with invalid_request and its state',
    async (_, overrides) => {
      const { url } = await setup();
      const response = await fetch(consoleAuthUrl(url, pkcePair().challenge, overrides), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') as string);
      expect(`${location.origin}${location.pathname}`).toBe(CONSOLE_REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.get('code')).toBeNull();
    },
  );

  it.each([
    ['a wrong verifier', { code_verifier: pkcePair().verifier }],
    ['a different redirect URI', { redirect_uri: 'http://localhost:4000/elsewhere' }],
    ['a code that is not one', { code: 'made-up' }],
  ] as const)('refuses to exchange a code with %s', async (_, overrides) => {
    const { url } = await setup();
    const { verifier, challenge } = pkcePair();
    const { code } = await signIn(consoleAuthUrl(url, challenge), 'hk-official');
    const answer = await exchangeCode(url, code as string, verifier, overrides);
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(answer.body.access_token).toBeUndefined();
  });

  it('refuses a code used twice', async () => {
    const { url } = await setup();
    const { verifier, challenge } = pkcePair();
    const { code } = await signIn(consoleAuthUrl(url, challenge), 'hk-official');
    expect((await exchangeCode(url, code as string, verifier)).status).toBe(200);
    expect(await exchangeCode(url, code as string, verifier)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
}
