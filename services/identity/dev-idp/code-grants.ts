/**
 * The token endpoint's grants for browser clients: `authorization_code` (the code, its client,
 * redirect URI and PKCE verifier must all match what the authorisation endpoint bound it to) and
 * `refresh_token` (each refresh token works once and is replaced; presenting a spent one ends the
 * session, as Keycloak does with "revoke refresh token" on). Answers in Keycloak's token response shape.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type IdpContext, seconds } from './context.js';
import { oauthError, sendJson } from './http.js';
import type { Redeemed, Session } from './sessions.js';
import { idToken, userToken } from './tokens.js';

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const WHY: Record<Exclude<Redeemed<unknown>, { ok: true }>['reason'], string> = {
  unknown: 'not issued by this server',
  expired: 'expired, or its session has ended',
  reused: 'already used: the session it belongs to is now ended',
};

/** As Keycloak answers a client without the standard flow (gba-cli, partner clients) or none at all. */
function notBrowserClient(res: ServerResponse, clientId: string): void {
  oauthError(res, 400, 'unauthorized_client', `client ${clientId || '(none)'} may not use this grant`);
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

async function answer(
  ctx: IdpContext,
  res: ServerResponse,
  { session, nonce }: { session: Session; nonce?: string },
): Promise<void> {
  const user = ctx.users.get(session.username);
  if (!user) return oauthError(res, 400, 'invalid_grant', 'the user no longer exists');
  const issue = {
    key: ctx.key,
    issuer: ctx.issuer,
    realm: ctx.realm,
    azp: session.clientId,
    now: ctx.now(),
    ttlSeconds: ctx.accessTokenTtlSeconds,
  };
  const refresh = ctx.sessions.issueRefreshToken(session);
  const openid = session.scope.split(' ').includes('openid');
  sendJson(res, 200, {
    access_token: await userToken(user, issue),
    expires_in: ctx.accessTokenTtlSeconds,
    refresh_token: refresh.token,
    refresh_expires_in: refresh.expiresIn,
    token_type: 'Bearer',
    ...(openid
      ? {
          id_token: await idToken(user, {
            ...issue,
            sessionId: session.id,
            authTime: session.authTime,
            ...(nonce ? { nonce } : {}),
          }),
        }
      : {}),
    'not-before-policy': 0,
    session_state: session.id,
    scope: session.scope,
  });
}

export async function authorizationCodeGrant(ctx: IdpContext, form: URLSearchParams, res: ServerResponse) {
  const clientId = form.get('client_id') ?? '';
  if (!ctx.publicClient(clientId)) return notBrowserClient(res, clientId);
  const redeemed = ctx.sessions.redeemCode(form.get('code') ?? '');
  if (!redeemed.ok) return oauthError(res, 400, 'invalid_grant', `Code not valid: ${WHY[redeemed.reason]}`);
  const { request, session } = redeemed.value;
  // A code that fails any binding is spent all the same: it may have been intercepted.
  const refuse = (description: string) => {
    ctx.sessions.end(session);
    oauthError(res, 400, 'invalid_grant', description);
  };
  if (request.clientId !== clientId) return refuse('Code was issued to another client');
  if (form.get('redirect_uri') !== request.redirectUri) return refuse('Incorrect redirect_uri');
  const verifier = form.get('code_verifier');
  if (!verifier) return refuse('PKCE code verifier not specified');
  if (!VERIFIER.test(verifier) || s256(verifier) !== request.codeChallenge) {
    return refuse('PKCE verification failed: code_verifier does not match code_challenge');
  }
  return answer(ctx, res, { session, ...(request.nonce ? { nonce: request.nonce } : {}) });
}

export async function refreshTokenGrant(ctx: IdpContext, form: URLSearchParams, res: ServerResponse) {
  const clientId = form.get('client_id') ?? '';
  if (!ctx.publicClient(clientId)) return notBrowserClient(res, clientId);
  const redeemed = ctx.sessions.redeemRefreshToken(form.get('refresh_token') ?? '');
  if (!redeemed.ok) return oauthError(res, 400, 'invalid_grant', `Invalid refresh token: ${WHY[redeemed.reason]}`);
  const session = redeemed.value;
  if (session.clientId !== clientId) {
    ctx.sessions.end(session);
    return oauthError(res, 400, 'invalid_grant', 'Invalid refresh token: issued to another client');
  }
  if (session.expiresAt <= seconds(ctx)) return oauthError(res, 400, 'invalid_grant', 'Session not active');
  return answer(ctx, res, { session });
}
