import { createHmac, createPublicKey } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_AUDIENCE, REALM } from '../../services/identity/identities.js';
import { KeycloakAuthenticator } from '../../services/identity/keycloak/keycloak-authenticator.js';
import { REFUSED_TOKEN_HTTP } from '../../services/identity/unauthenticated.js';
import { type DevIdpFixture, startDevIdp } from '../support/dev-idp-fixture.js';

let idp: DevIdpFixture;
let auth: KeycloakAuthenticator;
beforeAll(async () => {
  idp = await startDevIdp();
  auth = new KeycloakAuthenticator({ serverUrl: idp.url, realm: REALM, audience: API_AUDIENCE });
});
afterAll(() => idp.close());

const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: `${idp.url}/realms/${REALM}`,
    sub: 'f0000000-0000-4000-a000-000000000001',
    aud: [API_AUDIENCE],
    azp: 'gba-cli',
    typ: 'Bearer',
    iat: now(),
    exp: now() + 300,
    preferred_username: 'hk-official',
    realm_access: { roles: ['official'] },
    jurisdiction: 'HK',
    agency: 'hk-td',
    ...overrides,
  };
}

/** Signs with the identity provider's own key: only the claims are wrong. */
async function signed(payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: idp.key.kid }).sign(idp.key.privateKey);
}

async function refusal(token: string) {
  return auth.authenticate(token).then(
    () => 'accepted',
    (e: { extensions?: { code?: string; reason?: string } }) => e.extensions,
  );
}

describe('token verification by keycloak-connect, against the dev identity provider over HTTP', () => {
  it('accepts a demo user’s token and reads its claims', async () => {
    const principal = await auth.authenticate(await idp.token('sz-official'));
    expect(principal).toEqual({
      subject: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: 'gba-cli',
      username: 'sz-official',
      roles: ['official'],
      jurisdiction: 'SZ',
      agency: 'sz-gov-data-bureau',
      expiresAt: expect.any(Number),
    });
  });

  it('accepts a partner client’s token from client credentials', async () => {
    expect(await auth.authenticate(await idp.token('gz-suihaoban'))).toMatchObject({
      clientId: 'gz-suihaoban',
      roles: ['partner-system'],
      jurisdiction: 'GZ',
      agency: 'gz-gov-data-bureau',
    });
  });

  it('accepts a resident’s token with the person id', async () => {
    expect(await auth.authenticate(await idp.token('p-0004'))).toMatchObject({
      roles: ['resident'],
      personId: 'p-0004',
    });
  });

  it('accepts a token signed by the right key with correct claims (the control for the forgeries below)', async () => {
    expect(await auth.authenticate(await signed(claims()))).toMatchObject({ username: 'hk-official' });
  });

  it.each([
    ['alg: none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    [
      'another key with the same kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: idp.key.kid }).sign(privateKey);
      },
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const pem = createPublicKey({ key: idp.key.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: idp.key.kid })}.${b64(claims())}`;
        return `${head}.${createHmac('sha256', pem).update(head).digest('base64url')}`;
      },
    ],
    ['a wrong issuer', () => signed(claims({ iss: 'http://evil.example/realms/gba' }))],
    ['an expired token', () => signed(claims({ iat: now() - 900, exp: now() - 600 }))],
    ['a token not valid yet', () => signed(claims({ nbf: now() + 3600 }))],
    [
      'a token without exp (keycloak-connect would take it as never expiring)',
      () => signed(claims({ exp: undefined })),
    ],
    ['a token issued in the future', () => signed(claims({ iat: now() + 3600, exp: now() + 7200 }))],
    ['a wrong audience', () => signed(claims({ aud: ['some-other-api'] }))],
    ['a missing typ', () => signed(claims({ typ: undefined }))],
    ['an ID token instead of an access token', () => signed(claims({ typ: 'ID' }))],
    [
      'a payload changed after signing',
      async () => {
        const [h, , s] = (await signed(claims())).split('.');
        return `${h}.${b64(claims({ realm_access: { roles: ['admin'] } }))}.${s}`;
      },
    ],
    ['garbage', async () => 'not-a-token'],
    ['an empty string', async () => ''],
  ])('refuses %s with UNAUTHENTICATED', async (_name, forge) => {
    expect(await refusal(await forge())).toMatchObject({ code: 'UNAUTHENTICATED', reason: expect.any(String) });
  });
});

describe('precise reasons', () => {
  it.each([
    ['a token without exp', () => signed(claims({ exp: undefined })), 'claim exp is missing: a token must expire'],
    [
      'a token issued in the future',
      () => signed(claims({ iat: now() + 3600, exp: now() + 7200 })),
      'issued in the future',
    ],
    ['an expired token', () => signed(claims({ iat: now() - 900, exp: now() - 600 })), 'expired'],
  ])('refuses %s saying why', async (_name, forge, reason) => {
    // The reason, and how to answer it over HTTP (401 with the challenge).
    expect(await refusal(await forge())).toEqual({ code: 'UNAUTHENTICATED', reason, http: REFUSED_TOKEN_HTTP });
  });

  it('refuses tokens of unknown keys as UNAUTHENTICATED, also right after the key set was fetched', async () => {
    // The first unknown kid makes keycloak-connect fetch the key set; for ten seconds after, it fetches
    // no more, and its rotation used to fail on `.then` of undefined ("reading 'then'" reached callers).
    const stranger = async (kid: string) => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    };
    const fresh = new KeycloakAuthenticator({ serverUrl: idp.url, realm: REALM, audience: API_AUDIENCE });
    const unknown = {
      code: 'UNAUTHENTICATED',
      reason: 'signed by a key the identity provider does not publish',
      http: REFUSED_TOKEN_HTTP,
    };
    for (const kid of ['rotated-1', 'rotated-2', 'rotated-3']) {
      expect(await fresh.authenticate(await stranger(kid)).catch((e: { extensions: unknown }) => e.extensions)).toEqual(
        unknown,
      );
    }
    expect(await fresh.authenticate(await idp.token('hk-official'))).toMatchObject({ username: 'hk-official' });
  });
});

describe('the dev identity provider', () => {
  it('serves Keycloak’s discovery document and certs', async () => {
    const discovery = (await (await fetch(`${idp.url}/realms/gba/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({
      issuer: `${idp.url}/realms/gba`,
      token_endpoint: `${idp.url}/realms/gba/protocol/openid-connect/token`,
      jwks_uri: `${idp.url}/realms/gba/protocol/openid-connect/certs`,
    });
    const certs = (await (await fetch(`${idp.url}/realms/gba/protocol/openid-connect/certs`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(certs.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: idp.key.kid })]);
    expect(certs.keys[0]).not.toHaveProperty('d');
    const realm = (await (await fetch(`${idp.url}/realms/gba`)).json()) as { realm: string; public_key: string };
    expect(realm.realm).toBe('gba');
    const fromDer = createPublicKey({ key: Buffer.from(realm.public_key, 'base64'), format: 'der', type: 'spki' });
    expect(fromDer.export({ format: 'jwk' })).toMatchObject({ kty: 'RSA', n: certs.keys[0]?.n, e: certs.keys[0]?.e });
  });

  it('refuses a wrong password, an unknown user and a wrong client secret in OAuth’s terms', async () => {
    const post = (form: Record<string, string>) =>
      fetch(`${idp.url}/realms/gba/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
    const wrong = await post({
      grant_type: 'password',
      client_id: 'gba-cli',
      username: 'hk-official',
      password: 'guess',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
    expect(
      (await post({ grant_type: 'password', client_id: 'gba-cli', username: 'nobody', password: 'demo' })).status,
    ).toBe(401);
    expect((await post({ grant_type: 'client_credentials', client_id: 'hk-td', client_secret: 'demo' })).status).toBe(
      401,
    );
    expect((await post({ grant_type: 'authorization_code', client_id: 'gba-cli' })).status).toBe(400);
  });
});
