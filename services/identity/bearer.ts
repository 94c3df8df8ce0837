/** Reads the caller's principal from `Authorization: Bearer <token>`; no header means anonymous. */
import type { Authenticator, Principal } from './authenticator.port.js';
import { unauthenticated } from './unauthenticated.js';

/**
 * One verification per request and authenticator, however many steps ask (the response cache, then
 * the context; the gateway, then a subgraph of its process it hands the request over to). A step with
 * another authenticator (another audience, say) verifies the token again for itself.
 */
const verified = new WeakMap<Request, WeakMap<Authenticator, Promise<Principal | undefined>>>();

export function principalOf(request: Request, authenticator: Authenticator): Promise<Principal | undefined> {
  let byAuthenticator = verified.get(request);
  if (!byAuthenticator) {
    byAuthenticator = new WeakMap();
    verified.set(request, byAuthenticator);
  }
  let principal = byAuthenticator.get(authenticator);
  if (!principal) {
    principal = verify(request, authenticator);
    byAuthenticator.set(authenticator, principal);
  }
  return principal;
}

async function verify(request: Request, authenticator: Authenticator): Promise<Principal | undefined> {
  const header = request.headers.get('authorization');
  if (header === null) return undefined;
  const token = bearerToken(header);
  if (!token) throw unauthenticated('the Authorization header is not "Bearer <token>"');
  return authenticator.authenticate(token);
}

/** The token of an `Authorization: Bearer <token>` header; undefined for any other form. */
export function bearerToken(header: string): string | undefined {
  return /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1];
}
