/**
 * The browser side of the authorisation code flow with PKCE, done with plain fetch: open the
 * authorisation endpoint, fill in the sign-in form the identity provider serves (the dev twin's or
 * Keycloak's: whatever form and hidden fields it has, cookies kept), and read the code from the
 * redirect. Also the token-endpoint calls a console makes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CONSOLE_CLIENT, REALM } from '../../services/identity/identities.js';

export const CONSOLE_REDIRECT = 'http://localhost:4000/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const oidcUrl = (base: string, endpoint: string) =>
  `${base}/realms/${REALM}/protocol/openid-connect/${endpoint}`;

export function authUrl(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(oidcUrl(base, 'auth'));
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** A good authorisation request of the console; `overrides` replace or (as undefined) drop parameters. */
export function consoleAuthUrl(
  base: string,
  challenge: string,
  overrides: Record<string, string | undefined> = {},
): string {
  return authUrl(base, {
    client_id: CONSOLE_CLIENT,
    redirect_uri: CONSOLE_REDIRECT,
    response_type: 'code',
    scope: 'openid',
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1] as string) : undefined;
}

export interface SignedIn {
  /** Where the identity provider sent the browser after the password. */
  readonly location: URL;
  readonly code: string | null;
}

/** Opens `url`, signs in as `username` with `password` on the page served, and follows no redirect. */
export async function signIn(url: string, username: string, password = 'demo'): Promise<SignedIn> {
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the authorisation endpoint answered ${page.status}`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const html = await page.text();
  const form = /<form[^>]*>/.exec(html)?.[0];
  if (!form) throw new Error('the sign-in page has no form');
  const action = new URL(attr(form, 'action') ?? '', url).toString();
  const fields = new URLSearchParams();
  for (const input of html.match(/<input[^>]*type="hidden"[^>]*>/g) ?? []) {
    const name = attr(input, 'name');
    if (name) fields.set(name, attr(input, 'value') ?? '');
  }
  fields.set('username', username);
  fields.set('password', password);
  const answer = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: fields,
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`signing in answered ${answer.status}, not a redirect`);
  const target = new URL(location, action);
  return { location: target, code: target.searchParams.get('code') };
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: {
    access_token?: string;
    refresh_token?: string;
    id_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
}

export async function tokenRequest(base: string, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(oidcUrl(base, 'token'), { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
}

export function exchangeCode(base: string, code: string, verifier: string, overrides: Record<string, string> = {}) {
  return tokenRequest(base, {
    grant_type: 'authorization_code',
    client_id: CONSOLE_CLIENT,
    code,
    redirect_uri: CONSOLE_REDIRECT,
    code_verifier: verifier,
    ...overrides,
  });
}

export function refresh(base: string, refreshToken: string) {
  return tokenRequest(base, { grant_type: 'refresh_token', client_id: CONSOLE_CLIENT, refresh_token: refreshToken });
}

/** Signs the user in and exchanges the code: the tokens a console holds after sign-in. */
export async function consoleSignIn(base: string, username: string): Promise<TokenAnswer['body']> {
  const { verifier, challenge } = pkcePair();
  const { code } = await signIn(consoleAuthUrl(base, challenge), username);
  const { status, body } = await exchangeCode(base, code as string, verifier);
  if (status !== 200) throw new Error(`code exchange answered ${status}: ${body.error_description}`);
  return body;
}
