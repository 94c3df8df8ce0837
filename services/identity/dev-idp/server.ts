/**
 * The dev identity provider: the embedded twin of Keycloak. It serves Keycloak's realm endpoints
 * under `/realms/<realm>/` (discovery, certs, realm info, token with the password grant for demo
 * users and client credentials for partner clients) and issues tokens of Keycloak's shape, which
 * the platform verifies with keycloak-connect exactly as it verifies a real Keycloak's.
 * For development and tests only: every demo user's password is `demo` (DESIGN.md).
 * oidc-provider was considered and not used: it does not offer the password grant Keycloak's
 * direct access grants provide, which `gba token` and the demo users rely on.
 */
import { createPublicKey, type JsonWebKey, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CLI_CLIENT, type ClientIdentity, PARTNER_CLIENTS, type UserIdentity } from '../identities.js';
import type { SigningKey } from './keys.js';
import { clientToken, TOKEN_TTL_SECONDS, userToken } from './tokens.js';

export const DEMO_PASSWORD = 'demo';

export interface DevIdpOptions {
  /** Public base URL, e.g. `http://127.0.0.1:8080`; the issuer is `<url>/realms/<realm>`. */
  readonly baseUrl: string;
  readonly realm: string;
  readonly key: SigningKey;
  readonly users: readonly UserIdentity[];
  readonly clientSecrets: Readonly<Record<string, string>>;
  readonly now?: () => Date;
}

const MAX_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  send(res, status, { error, error_description: description });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createDevIdp({
  baseUrl,
  realm,
  key,
  users,
  clientSecrets,
  now = () => new Date(),
}: DevIdpOptions): RequestListener {
  const issuer = `${baseUrl}/realms/${realm}`;
  const prefix = `/realms/${realm}`;
  const oidc = `${prefix}/protocol/openid-connect`;
  const byUsername = new Map(users.map((u) => [u.username, u]));
  const byClientId = new Map<string, ClientIdentity>(PARTNER_CLIENTS.map((c) => [c.clientId, c]));
  // Keycloak's realm endpoint publishes the key as base64 DER (SPKI).
  const publicKeyDer = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'der' })
    .toString('base64');

  return async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    try {
      if (req.method === 'GET' && url.pathname === `${prefix}/.well-known/openid-configuration`) {
        return send(res, 200, {
          issuer,
          token_endpoint: `${baseUrl}${oidc}/token`,
          jwks_uri: `${baseUrl}${oidc}/certs`,
          grant_types_supported: ['password', 'client_credentials'],
          response_types_supported: ['token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        });
      }
      if (req.method === 'GET' && url.pathname === `${oidc}/certs`) {
        return send(res, 200, { keys: [key.publicJwk] });
      }
      if (req.method === 'GET' && url.pathname === prefix) {
        return send(res, 200, { realm, public_key: publicKeyDer, 'token-service': `${baseUrl}${oidc}` });
      }
      if (url.pathname === `${oidc}/token`) {
        if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'use POST');
        const form = await readForm(req);
        if (!form) return oauthError(res, 413, 'invalid_request', 'request body too large');
        return await token(form, req, res);
      }
      return send(res, 404, { error: 'not_found', error_description: `no endpoint at ${url.pathname}` });
    } catch (error) {
      return send(res, 500, { error: 'server_error', error_description: (error as Error).message });
    }
  };

  async function token(form: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':', 2) : [];
    const clientId = form.get('client_id') ?? basicId ?? '';
    const grant = form.get('grant_type');
    const issue = { key, issuer, realm, azp: clientId, now: now() };
    const answer = (accessToken: string) =>
      send(res, 200, {
        access_token: accessToken,
        expires_in: TOKEN_TTL_SECONDS,
        token_type: 'Bearer',
        scope: 'openid profile',
      });

    if (grant === 'password') {
      if (clientId !== CLI_CLIENT) return oauthError(res, 401, 'unauthorized_client', `use client_id=${CLI_CLIENT}`);
      const user = byUsername.get(form.get('username') ?? '');
      if (!user || !same(form.get('password') ?? '', DEMO_PASSWORD)) {
        return oauthError(res, 401, 'invalid_grant', 'Invalid user credentials');
      }
      return answer(await userToken(user, issue));
    }
    if (grant === 'client_credentials') {
      const client = byClientId.get(clientId);
      const secret = form.get('client_secret') ?? basicSecret ?? '';
      const expected = clientSecrets[clientId];
      if (!client || !expected || !same(secret, expected)) {
        return oauthError(res, 401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
      }
      return answer(await clientToken(client, issue));
    }
    return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be password or client_credentials');
  }
}
