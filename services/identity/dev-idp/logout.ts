/**
 * Keycloak's end-session endpoint, `/realms/<realm>/protocol/openid-connect/logout` (OpenID Connect
 * RP-Initiated Logout): `id_token_hint` names the session to end (signature and issuer checked; an
 * expired hint still names its session, as in Keycloak), `post_logout_redirect_uri` must be one the
 * client registered and needs the hint or `client_id` to say which client, `state` goes back with it.
 * Without a redirect URI the browser sees a "signed out" page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compactVerify, importJWK } from 'jose';
import { matchesUri } from '../public-client.js';
import type { IdpContext } from './context.js';
import { readForm, redirect, sendHtml, withQuery } from './http.js';
import { chooseLocale } from './locale.js';
import { messagePage, text } from './sign-in-page.js';

async function hintedSession(ctx: IdpContext, hint: string): Promise<{ sid?: string; azp?: string } | undefined> {
  try {
    const { payload } = await compactVerify(hint, await importJWK(ctx.key.publicJwk, 'RS256'));
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: string; sid?: string; azp?: string };
    return claims.iss === ctx.issuer ? claims : undefined;
  } catch {
    return undefined;
  }
}

export async function endSession(ctx: IdpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  const params = req.method === 'POST' ? ((await readForm(req)) ?? new URLSearchParams()) : url.searchParams;
  const locale = chooseLocale({
    uiLocales: params.get('ui_locales'),
    acceptLanguageHeader: req.headers['accept-language'],
  });
  const stop = (detail: string) => sendHtml(res, 400, messagePage(locale, text(locale, 'invalid'), detail));
  const hint = params.get('id_token_hint');
  const claims = hint ? await hintedSession(ctx, hint) : undefined;
  if (hint && !claims) return stop('Invalid parameter: id_token_hint');
  const clientId = params.get('client_id') ?? claims?.azp;
  if (claims && params.get('client_id') && params.get('client_id') !== claims.azp) {
    return stop('Parameter client_id does not match the client of id_token_hint');
  }
  const target = params.get('post_logout_redirect_uri');
  if (target) {
    const client = clientId ? ctx.publicClient(clientId) : undefined;
    if (!client) return stop('Missing parameters: id_token_hint or client_id');
    if (!matchesUri(client.postLogoutRedirectUris, target)) return stop('Invalid redirect uri');
  }
  const session = claims?.sid ? ctx.sessions.session(claims.sid) : undefined;
  if (session) ctx.sessions.end(session);
  if (target) return redirect(res, withQuery(target, { state: params.get('state') ?? undefined }));
  sendHtml(res, 200, messagePage(locale, text(locale, 'signedOut'), text(locale, 'signedOut')));
}
