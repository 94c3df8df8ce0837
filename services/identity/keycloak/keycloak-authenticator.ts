/**
 * Verifies access tokens with keycloak-connect itself (its grant manager, bearer-only): signature
 * against the realm's published keys (fetched from `/protocol/openid-connect/certs` and rotated by
 * kid), expiry, `typ: Bearer`, issuer and audience. keycloak-connect is deprecated upstream, so it
 * stays inside this adapter behind the Authenticator port.
 */
import KeycloakConnect from 'keycloak-connect';
import type { Authenticator, Principal } from '../authenticator.port.js';
import { principalFrom } from '../claims.js';
import { unauthenticated } from '../unauthenticated.js';

export interface KeycloakAuthenticatorOptions {
  /** Keycloak's base URL, e.g. `http://localhost:8080` (the realm URL is `<url>/realms/<realm>`). */
  readonly serverUrl: string;
  readonly realm: string;
  /** The audience tokens must carry (keycloak-connect's `resource`). */
  readonly audience: string;
  readonly now?: () => Date;
}

interface Rotation {
  getJWK(kid: string | undefined): Promise<string> | undefined;
}

interface GrantManager {
  createGrant(data: { access_token: string }): Promise<{ access_token?: { content: unknown } }>;
  rotation: Rotation;
}

/** The reason keycloak-connect gives in parentheses: `invalid token (expired)`. */
const REASON = /^Grant validation failed\. Reason: invalid token \(([^)]+)\)$/;
const UNKNOWN_KEY = 'signed by a key the identity provider does not publish';

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class KeycloakAuthenticator implements Authenticator {
  private readonly grants: GrantManager;
  private readonly now: () => Date;

  constructor({ serverUrl, realm, audience, now = () => new Date() }: KeycloakAuthenticatorOptions) {
    const keycloak = new KeycloakConnect({}, {
      'auth-server-url': serverUrl,
      realm,
      resource: audience,
      'bearer-only': true,
      'verify-token-audience': true,
      'ssl-required': 'external',
      'confidential-port': 0,
    } as KeycloakConnect.KeycloakConfig);
    this.grants = (keycloak as unknown as { grantManager: GrantManager }).grantManager;
    // Asked for an unknown kid within ten seconds of its last key-set fetch, keycloak-connect's rotation
    // returns nothing and its caller fails on `.then` of undefined: refused here as an unknown key.
    const rotation = this.grants.rotation;
    const getJWK = rotation.getJWK.bind(rotation);
    rotation.getJWK = (kid) => getJWK(kid) ?? Promise.reject(new Error(UNKNOWN_KEY));
    this.now = now;
  }

  async authenticate(token: string): Promise<Principal> {
    if (token.length > 16_384 || !JWS.test(token)) throw unauthenticated('not a JSON Web Token');
    const header = decodeHeader(token);
    // keycloak-connect always verifies RSA-SHA256; refusing other algorithms here makes that explicit.
    if (header?.alg !== 'RS256') throw unauthenticated(`algorithm ${String(header?.alg ?? 'none')} is not accepted`);
    let grant: Awaited<ReturnType<GrantManager['createGrant']>>;
    try {
      grant = await this.grants.createGrant({ access_token: token });
    } catch (error) {
      const message = (error as Error).message;
      // Only keycloak-connect's own refusals are quoted; a failure to load a key (a TypeError inside it
      // included) is an unknown key, never an internal message passed on.
      const reason = /failed to load public key/.test(message)
        ? UNKNOWN_KEY
        : (REASON.exec(message)?.[1] ?? 'it could not be verified');
      throw unauthenticated(reason);
    }
    return principalFrom(grant.access_token?.content, Math.floor(this.now().getTime() / 1000));
  }
}

function decodeHeader(token: string): { alg?: unknown } | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
