/**
 * Keycloak's authorisation endpoint, `/realms/<realm>/protocol/openid-connect/auth`, for the
 * authorisation code flow with PKCE (RFC 7636, S256 only). An unknown client or a redirect URI the
 * client did not register stops at an error page (RFC 6749 §4.1.2.1: never redirect there); any
 * other refusal goes back to the client's redirect URI with `error` and the `state`. A good request
 * shows the sign-in page; the right password sends the browser back with a single-use code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchesUri } from '../public-client.js';
import { DEMO_PASSWORD, type IdpContext } from './context.js';
import { readForm, redirect, same, sendHtml, withQuery } from './http.js';
import { chooseLocale } from './locale.js';
import type { AuthRequest } from './sessions.js';
import { messagePage, signInPage, text } from './sign-in-page.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

type Checked = { ok: true; request: AuthRequest } | { ok: false; error: string; description: string };

/** The rule for a request whose client and redirect URI are already known good. */
function check(q: URLSearchParams, base: Omit<AuthRequest, 'codeChallenge' | 'scope'>): Checked {
  const refuse = (error: string, description: string): Checked => ({ ok: false, error, description });
  if (q.get('response_type') !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
  const method = q.get('code_challenge_method');
  if (!method) return refuse('invalid_request', 'Missing parameter: code_challenge_method');
  if (method !== 'S256') return refuse('invalid_request', 'Invalid parameter: code_challenge_method (only S256)');
  const challenge = q.get('code_challenge');
  if (!challenge) return refuse('invalid_request', 'Missing parameter: code_challenge');
  if (!CHALLENGE.test(challenge)) return refuse('invalid_request', 'Invalid parameter: code_challenge');
  // No single sign-on cookie in the twin: a silent request always needs the user.
  if (q.get('prompt') === 'none') return refuse('login_required', 'the user must sign in');
  return { ok: true, request: { ...base, codeChallenge: challenge, scope: q.get('scope') ?? 'openid' } };
}

export async function authorize(ctx: IdpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  const locale = chooseLocale({
    uiLocales: url.searchParams.get('ui_locales'),
    acceptLanguageHeader: req.headers['accept-language'],
  });
  if (req.method === 'POST') return signIn(ctx, req, res);
  if (req.method !== 'GET') return sendHtml(res, 405, messagePage(locale, text(locale, 'invalid'), 'use GET'));
  const q = url.searchParams;
  const stop = (detail: string) => sendHtml(res, 400, messagePage(locale, text(locale, 'invalid'), detail));
  const client = ctx.publicClient(q.get('client_id') ?? '');
  if (!client) return stop('Client not found.');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!matchesUri(client.redirectUris, redirectUri)) return stop('Invalid parameter: redirect_uri');
  const state = q.get('state') ?? undefined;
  const nonce = q.get('nonce') ?? undefined;
  const checked = check(q, {
    clientId: client.clientId,
    redirectUri,
    locale,
    ...(state ? { state } : {}),
    ...(nonce ? { nonce } : {}),
  });
  if (!checked.ok) {
    return redirect(
      res,
      withQuery(redirectUri, { error: checked.error, error_description: checked.description, state, iss: ctx.issuer }),
    );
  }
  const loginId = ctx.sessions.awaitSignIn(checked.request);
  sendHtml(res, 200, signInPage({ locale, loginId, action: url.pathname, users: [...ctx.users.values()] }));
}

async function signIn(ctx: IdpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = (await readForm(req)) ?? new URLSearchParams();
  const loginId = form.get('login') ?? '';
  const request = ctx.sessions.pendingSignIn(loginId);
  if (!request) {
    const locale = chooseLocale({ acceptLanguageHeader: req.headers['accept-language'] });
    return sendHtml(res, 400, messagePage(locale, text(locale, 'invalid'), text(locale, 'expired')));
  }
  const username = form.get('username') ?? '';
  const user = ctx.users.get(username);
  if (!user || !same(form.get('password') ?? '', DEMO_PASSWORD)) {
    const action = new URL(req.url ?? '/', ctx.baseUrl).pathname;
    const users = [...ctx.users.values()];
    return sendHtml(
      res,
      401,
      signInPage({ locale: request.locale, loginId, action, users, error: true, chosen: username }),
    );
  }
  const done = ctx.sessions.signedIn(loginId, user.username);
  if (!done)
    return sendHtml(
      res,
      400,
      messagePage(request.locale, text(request.locale, 'invalid'), text(request.locale, 'expired')),
    );
  redirect(
    res,
    withQuery(request.redirectUri, {
      code: done.code,
      state: request.state,
      session_state: done.sessionId,
      iss: ctx.issuer,
    }),
  );
}
