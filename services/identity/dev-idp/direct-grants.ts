/**
 * The token endpoint's grants without a browser: `password` for the demo users through the CLI
 * client (Keycloak's direct access grants, used by `gba token`) and `client_credentials` for the
 * partner clients. Their answer carries no refresh token, as before the browser flow existed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLI_CLIENT, type ClientIdentity } from '../identities.js';
import { DEMO_PASSWORD, type IdpContext } from './context.js';
import { oauthError, same, sendJson } from './http.js';
import { clientToken, userToken } from './tokens.js';

export interface DirectGrantOptions {
  readonly partnerClients: ReadonlyMap<string, ClientIdentity>;
  readonly clientSecrets: Readonly<Record<string, string>>;
}

export async function directGrant(
  ctx: IdpContext,
  { partnerClients, clientSecrets }: DirectGrantOptions,
  { form, req, res }: { form: URLSearchParams; req: IncomingMessage; res: ServerResponse },
): Promise<void> {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':', 2) : [];
  const clientId = form.get('client_id') ?? basicId ?? '';
  const issue = {
    key: ctx.key,
    issuer: ctx.issuer,
    realm: ctx.realm,
    azp: clientId,
    now: ctx.now(),
    ttlSeconds: ctx.accessTokenTtlSeconds,
  };
  const answer = (accessToken: string) =>
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: ctx.accessTokenTtlSeconds,
      token_type: 'Bearer',
      scope: 'openid profile',
    });

  if (form.get('grant_type') === 'password') {
    if (clientId !== CLI_CLIENT) return oauthError(res, 401, 'unauthorized_client', `use client_id=${CLI_CLIENT}`);
    const user = ctx.users.get(form.get('username') ?? '');
    if (!user || !same(form.get('password') ?? '', DEMO_PASSWORD)) {
      return oauthError(res, 401, 'invalid_grant', 'Invalid user credentials');
    }
    return answer(await userToken(user, issue));
  }
  const client = partnerClients.get(clientId);
  const secret = form.get('client_secret') ?? basicSecret ?? '';
  const expected = clientSecrets[clientId];
  if (!client || !expected || !same(secret, expected)) {
    return oauthError(res, 401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
  }
  return answer(await clientToken(client, issue));
}
