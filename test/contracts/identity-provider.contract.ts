/**
 * The identity provider's contract, run against the dev identity provider in `npm test` and a real
 * Keycloak (the realm export imported) in `npm run test:integration`: discovery, the password grant
 * for every demo user and client credentials for every partner client, each token accepted by the
 * platform's authenticator (keycloak-connect) with the claims DESIGN.md fixes, a wrong password refused;
 * and the console's code flow (code-flow.contract.ts).
 */
import { describe, expect, it } from 'vitest';
import { API_AUDIENCE, allUsers, CLI_CLIENT, PARTNER_CLIENTS, REALM } from '../../services/identity/identities.js';
import { KeycloakAuthenticator } from '../../services/identity/keycloak/keycloak-authenticator.js';
import { codeFlowContract } from './code-flow.contract.js';

export interface ProviderUnderTest {
  /** The server's base URL; the realm is under `/realms/gba`. */
  readonly url: string;
  /** The secret of a partner client. */
  secretOf(clientId: string): Promise<string>;
}

/** The sample persons with a resident login each. */
const PERSONS = Array.from({ length: 12 }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`);

async function grant(url: string, form: Record<string, string>): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${url}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token?: string };
  return { status: response.status, ...(body.access_token ? { token: body.access_token } : {}) };
}

export function identityProviderContract(name: string, provider: () => Promise<ProviderUnderTest>): void {
  describe(`identity provider contract: ${name}`, () => {
    let p: ProviderUnderTest;
    let auth: KeycloakAuthenticator;
    const setup = async () => {
      p ??= await provider();
      auth ??= new KeycloakAuthenticator({ serverUrl: p.url, realm: REALM, audience: API_AUDIENCE });
    };

    it('publishes Keycloak’s discovery document for the realm', async () => {
      await setup();
      const response = await fetch(`${p.url}/realms/${REALM}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        issuer: `${p.url}/realms/${REALM}`,
        token_endpoint: `${p.url}/realms/${REALM}/protocol/openid-connect/token`,
        jwks_uri: `${p.url}/realms/${REALM}/protocol/openid-connect/certs`,
      });
    });

    it.each(allUsers(PERSONS).map((u) => [u.username, u] as const))(
      'issues %s a token the platform accepts, with its roles and claims',
      async (username, user) => {
        await setup();
        const { status, token } = await grant(p.url, {
          grant_type: 'password',
          client_id: CLI_CLIENT,
          username,
          password: 'demo',
        });
        expect(status).toBe(200);
        const principal = await auth.authenticate(token as string);
        expect(principal).toMatchObject({ username, clientId: CLI_CLIENT, roles: [...user.roles] });
        expect(principal.jurisdiction).toBe(user.jurisdiction);
        expect(principal.agency).toBe(user.agency);
        expect(principal.personId).toBe(user.personId);
      },
    );

    it.each(PARTNER_CLIENTS.map((c) => [c.clientId, c] as const))(
      'issues partner client %s a token by client credentials',
      async (clientId, client) => {
        await setup();
        const { status, token } = await grant(p.url, {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: await p.secretOf(clientId),
        });
        expect(status).toBe(200);
        expect(await auth.authenticate(token as string)).toMatchObject({
          clientId,
          roles: ['partner-system'],
          jurisdiction: client.jurisdiction,
          agency: client.agency,
        });
      },
    );

    it('refuses a wrong password and a wrong client secret', async () => {
      await setup();
      const user = await grant(p.url, {
        grant_type: 'password',
        client_id: CLI_CLIENT,
        username: 'hk-official',
        password: 'not-demo',
      });
      expect(user.status).toBe(401);
      expect(user.token).toBeUndefined();
      const client = await grant(p.url, { grant_type: 'client_credentials', client_id: 'hk-td', client_secret: 'x' });
      expect(client.status).toBe(401);
    });

    codeFlowContract(async () => {
      await setup();
      return { url: p.url, auth };
    });
  });
}
