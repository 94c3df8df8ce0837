import { UserFacingError } from '../../schema/errors.js';

/** How a refused token is answered over HTTP, by the gateway and by a subgraph alike. */
export const REFUSED_TOKEN_HTTP = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="gba", error="invalid_token"' },
} as const;

/**
 * UNAUTHENTICATED: answered with HTTP 401. The status rides in `extensions.http` (Yoga's convention,
 * which useSpecStatus turns into the response's status and removes from the body): without it, a
 * subgraph asked directly answered a forged token with 500.
 */
export function unauthenticated(reason: string): UserFacingError {
  return new UserFacingError('UNAUTHENTICATED', `The access token was refused: ${reason}.`, {
    reason,
    http: REFUSED_TOKEN_HTTP,
  });
}
