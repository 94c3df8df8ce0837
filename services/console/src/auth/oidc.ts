/**
 * OpenID Connect for a public client: authorisation code with PKCE, refresh, end-session. The
 * endpoints come from the issuer's discovery document, so a real Keycloak serves it unchanged.
 */
import type { ConsoleConfig } from '../config';
import { challengeOf, randomToken } from './pkce';

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint?: string;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const PENDING = 'gba.oidc.pending';
let discovery: Promise<Discovery> | null = null;

function discover(issuer: string): Promise<Discovery> {
  discovery ??= fetch(`${issuer}/.well-known/openid-configuration`).then((r) => {
    if (!r.ok) throw new Error(`discovery failed: HTTP ${r.status}`);
    return r.json() as Promise<Discovery>;
  });
  return discovery;
}

export const redirectUri = (): string => `${location.origin}/auth/callback`;

/** Sends the browser to the sign-in page; `returnTo` is where the console goes back to after. */
export async function beginSignIn(config: ConsoleConfig, returnTo: string, uiLocale: string): Promise<void> {
  const { authorization_endpoint } = await discover(config.issuer);
  const verifier = randomToken(48);
  const state = randomToken(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    // The sign-in page in the console's language (OpenID Connect's ui_locales).
    ui_locales: uiLocale,
  }).toString();
  location.assign(url.toString());
}

async function tokenRequest(config: ConsoleConfig, params: Record<string, string>): Promise<TokenSet> {
  const { token_endpoint } = await discover(config.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...params }),
  });
  const body = (await response.json()) as Record<string, string | number | undefined>;
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(String(body.error_description ?? body.error ?? `HTTP ${response.status}`));
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    idToken: typeof body.id_token === 'string' ? body.id_token : null,
    expiresAt: Date.now() + Number(body.expires_in ?? 300) * 1000,
  };
}

/** Completes the sign-in on the callback page; returns the tokens and where to go back to. */
export async function completeSignIn(config: ConsoleConfig, query: URLSearchParams) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (query.get('error')) throw new Error(query.get('error_description') ?? query.get('error') ?? 'error');
  if (!pending || query.get('state') !== pending.state) throw new Error('state mismatch: start the sign-in again');
  const tokens = await tokenRequest(config, {
    grant_type: 'authorization_code',
    code: query.get('code') ?? '',
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return { tokens, returnTo: pending.returnTo };
}

export function refreshTokens(config: ConsoleConfig, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** The identity provider's end-session URL, back to the console afterwards; null when it has none. */
export async function endSessionUrl(config: ConsoleConfig, idToken: string | null): Promise<string | null> {
  const { end_session_endpoint } = await discover(config.issuer);
  if (!end_session_endpoint) return null;
  const url = new URL(end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${location.origin}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.toString();
}
