/** Access tokens of Keycloak's shape, signed RS256 by the dev identity provider. */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { API_AUDIENCE, type ClientIdentity, type UserIdentity } from '../identities.js';
import type { SigningKey } from './keys.js';

/** Keycloak's default access-token lifetime; the dev identity provider's is configurable (ACCESS_TOKEN_TTL). */
export const TOKEN_TTL_SECONDS = 300;

/** A stable UUID per username, as Keycloak gives each user one id for life. */
export function subjectOf(realm: string, name: string): string {
  const h = createHash('sha256').update(`${realm}/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface IssueOptions {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly realm: string;
  readonly azp: string;
  readonly now: Date;
  /** @default TOKEN_TTL_SECONDS */
  readonly ttlSeconds?: number;
}

function base(
  claims: Record<string, unknown>,
  { key, issuer, azp, now, ttlSeconds = TOKEN_TTL_SECONDS }: IssueOptions,
  subject: string,
) {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...claims, typ: 'Bearer', azp, scope: 'openid profile' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(issuer)
    .setSubject(subject)
    .setAudience([API_AUDIENCE, 'account'])
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export function userToken(user: UserIdentity, options: IssueOptions): Promise<string> {
  return base(
    {
      preferred_username: user.username,
      realm_access: { roles: [...user.roles] },
      ...(user.jurisdiction ? { jurisdiction: user.jurisdiction } : {}),
      ...(user.agency ? { agency: user.agency } : {}),
      ...(user.personId ? { person_id: user.personId } : {}),
    },
    options,
    subjectOf(options.realm, user.username),
  );
}

export function clientToken(client: ClientIdentity, options: IssueOptions): Promise<string> {
  return base(
    {
      preferred_username: `service-account-${client.clientId}`,
      client_id: client.clientId,
      realm_access: { roles: ['partner-system'] },
      jurisdiction: client.jurisdiction,
      agency: client.agency,
    },
    options,
    subjectOf(options.realm, `service-account-${client.clientId}`),
  );
}

/**
 * The OpenID Connect ID token of a browser sign-in: for the client (`aud`), with the session id
 * (`sid`) end-session takes back as `id_token_hint`, and the request's `nonce`.
 */
export function idToken(
  user: UserIdentity,
  options: IssueOptions & { readonly sessionId: string; readonly authTime: number; readonly nonce?: string },
): Promise<string> {
  const iat = Math.floor(options.now.getTime() / 1000);
  return new SignJWT({
    typ: 'ID',
    azp: options.azp,
    sid: options.sessionId,
    auth_time: options.authTime,
    preferred_username: user.username,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(user.jurisdiction ? { jurisdiction: user.jurisdiction } : {}),
    ...(user.agency ? { agency: user.agency } : {}),
    ...(user.personId ? { person_id: user.personId } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.key.kid })
    .setIssuer(options.issuer)
    .setSubject(subjectOf(options.realm, user.username))
    .setAudience(options.azp)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? TOKEN_TTL_SECONDS))
    .setJti(randomUUID())
    .sign(options.key.privateKey);
}
