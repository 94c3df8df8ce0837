/** What the dev identity provider's endpoints share: issuer, keys, users, browser clients, sessions. */
import type { UserIdentity } from '../identities.js';
import type { PublicClient } from '../public-client.js';
import type { SigningKey } from './keys.js';
import type { Sessions } from './sessions.js';

export interface IdpContext {
  readonly baseUrl: string;
  readonly issuer: string;
  readonly realm: string;
  /** `/realms/<realm>/protocol/openid-connect` */
  readonly oidcPath: string;
  readonly key: SigningKey;
  readonly users: ReadonlyMap<string, UserIdentity>;
  /** Looked up per request: the gateway's origin may be known only once it listens. */
  publicClient(clientId: string): PublicClient | undefined;
  readonly sessions: Sessions;
  readonly accessTokenTtlSeconds: number;
  readonly now: () => Date;
}

export const seconds = (ctx: IdpContext) => Math.floor(ctx.now().getTime() / 1000);

/** Every demo user's password (DESIGN.md): the dev identity provider is for development only. */
export const DEMO_PASSWORD = 'demo';
