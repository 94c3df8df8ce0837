/**
 * The dev identity provider: the embedded twin of Keycloak. It serves Keycloak's realm endpoints
 * under `/realms/<realm>/`: discovery, certs, realm info, the authorisation endpoint with a sign-in
 * page (code flow with PKCE for the browser clients), the token endpoint (authorisation code,
 * refresh token, password for the demo users, client credentials for the partner clients) and
 * end-session. Its tokens have Keycloak's shape, and the platform verifies them with keycloak-connect
 * exactly as it verifies a real Keycloak's. Scripts of the browser clients' web origins may call it (CORS).
 * For development and tests only: every demo user's password is `demo` (DESIGN.md).
 * oidc-provider was considered and not used: it does not offer the password grant Keycloak's
 * direct access grants provide, which `gba token` and the demo users rely on.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { PARTNER_CLIENTS, type UserIdentity } from '../identities.js';
import { consoleClient, type PublicClient } from '../public-client.js';
import { authorize } from './authorize.js';
import { authorizationCodeGrant, refreshTokenGrant } from './code-grants.js';
import type { IdpContext } from './context.js';
import { directGrant } from './direct-grants.js';
import { oauthError, readForm, sendJson } from './http.js';
import type { SigningKey } from './keys.js';
import { LOCALES } from './locale.js';
import { endSession } from './logout.js';
import { Sessions } from './sessions.js';
import { TOKEN_TTL_SECONDS } from './tokens.js';

export { DEMO_PASSWORD } from './context.js';

export interface DevIdpOptions {
  /** Public base URL, e.g. `http://127.0.0.1:8080`; the issuer is `<url>/realms/<realm>`. */
  readonly baseUrl: string;
  readonly realm: string;
  readonly key: SigningKey;
  readonly users: readonly UserIdentity[];
  readonly clientSecrets: Readonly<Record<string, string>>;
  /**
   * The browser clients, asked at each request (the platform learns the gateway's origin only once
   * it listens). @default the console at the default gateway origins
   */
  readonly publicClients?: () => readonly PublicClient[];
  /** @default TOKEN_TTL_SECONDS (300, Keycloak's default) */
  readonly accessTokenTtlSeconds?: number;
  readonly now?: () => Date;
}

export function createDevIdp({
  baseUrl,
  realm,
  key,
  users,
  clientSecrets,
  publicClients = () => [consoleClient([])],
  accessTokenTtlSeconds = TOKEN_TTL_SECONDS,
  now = () => new Date(),
}: DevIdpOptions): RequestListener {
  if (!Number.isInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
    throw new Error(`accessTokenTtlSeconds must be a whole number of seconds, got ${accessTokenTtlSeconds}`);
  }
  const prefix = `/realms/${realm}`;
  const ctx: IdpContext = {
    baseUrl,
    issuer: `${baseUrl}${prefix}`,
    realm,
    oidcPath: `${prefix}/protocol/openid-connect`,
    key,
    users: new Map(users.map((u) => [u.username, u])),
    publicClient: (clientId) => publicClients().find((c) => c.clientId === clientId),
    sessions: new Sessions(() => Math.floor(now().getTime() / 1000)),
    accessTokenTtlSeconds,
    now,
  };
  const partnerClients = new Map(PARTNER_CLIENTS.map((c) => [c.clientId, c]));
  const oidc = ctx.oidcPath;
  // Keycloak's realm endpoint publishes the key as base64 DER (SPKI).
  const publicKeyDer = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'der' })
    .toString('base64');

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'use POST');
    const form = await readForm(req);
    if (!form) return oauthError(res, 413, 'invalid_request', 'request body too large');
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return authorizationCodeGrant(ctx, form, res);
      case 'refresh_token':
        return refreshTokenGrant(ctx, form, res);
      case 'password':
      case 'client_credentials':
        return directGrant(ctx, { partnerClients, clientSecrets }, { form, req, res });
      default:
        return oauthError(
          res,
          400,
          'unsupported_grant_type',
          'grant_type must be authorization_code, refresh_token, password or client_credentials',
        );
    }
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    try {
      if (allowCors(req, res, publicClients())) return;
      if (req.method === 'GET' && url.pathname === `${prefix}/.well-known/openid-configuration`) {
        return sendJson(res, 200, discovery(ctx));
      }
      if (req.method === 'GET' && url.pathname === `${oidc}/certs`) {
        return sendJson(res, 200, { keys: [key.publicJwk] });
      }
      if (req.method === 'GET' && url.pathname === prefix) {
        return sendJson(res, 200, { realm, public_key: publicKeyDer, 'token-service': `${baseUrl}${oidc}` });
      }
      if (url.pathname === `${oidc}/token`) return await token(req, res);
      if (url.pathname === `${oidc}/auth`) return await authorize(ctx, req, res);
      if (url.pathname === `${oidc}/logout`) return await endSession(ctx, req, res);
      return sendJson(res, 404, { error: 'not_found', error_description: `no endpoint at ${url.pathname}` });
    } catch (error) {
      return sendJson(res, 500, { error: 'server_error', error_description: (error as Error).message });
    }
  };
}

function discovery({ issuer, baseUrl, oidcPath }: IdpContext) {
  return {
    issuer,
    authorization_endpoint: `${baseUrl}${oidcPath}/auth`,
    token_endpoint: `${baseUrl}${oidcPath}/token`,
    end_session_endpoint: `${baseUrl}${oidcPath}/logout`,
    jwks_uri: `${baseUrl}${oidcPath}/certs`,
    grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    ui_locales_supported: [...LOCALES],
    authorization_response_iss_parameter_supported: true,
  };
}

/**
 * CORS for the browser clients' web origins, on every endpoint a script calls (discovery, certs,
 * token, end-session); answers a preflight itself. Returns true when the request is answered.
 */
function allowCors(req: IncomingMessage, res: ServerResponse, clients: readonly PublicClient[]): boolean {
  const origin = req.headers.origin;
  if (!origin || !clients.some((c) => c.webOrigins.includes(origin))) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '3600',
  });
  res.end();
  return true;
}
