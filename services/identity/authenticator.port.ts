/**
 * The authenticator port: turns a bearer token into a verified principal, or refuses it with
 * UNAUTHENTICATED. The adapter (keycloak/) wraps keycloak-connect, deprecated upstream, so a
 * successor can replace it without touching the callers.
 */
import type { JurisdictionId } from '../../schema/domain/index.js';
import type { Role } from './identities.js';

export interface Principal {
  /** The token's `sub`. */
  readonly subject: string;
  /** `preferred_username` for users; absent for partner clients. */
  readonly username?: string;
  /** The token's `azp`: the client the token was issued to. */
  readonly clientId: string;
  readonly roles: readonly Role[];
  readonly jurisdiction?: JurisdictionId;
  readonly agency?: string;
  /** For residents: the person whose data they are. */
  readonly personId?: string;
  /** When the token expires (its `exp`), in milliseconds since the epoch: subscriptions end then. */
  readonly expiresAt?: number;
}

export interface Authenticator {
  /** Resolves to the verified principal; rejects with a UserFacingError coded UNAUTHENTICATED. */
  authenticate(token: string): Promise<Principal>;
}

export function hasRole(principal: Principal | undefined, role: Role): boolean {
  return principal?.roles.includes(role) ?? false;
}
