/**
 * The browser clients of the realm: public (no secret), authorisation code flow with PKCE S256.
 * One definition serves the dev identity provider's checks and the realm export, so a real Keycloak
 * accepts exactly the redirect URIs the dev twin accepts.
 */
import { CONSOLE_CLIENT } from './identities.js';

export interface PublicClient {
  readonly clientId: string;
  readonly name: string;
  /** Keycloak's rule: a trailing `*` matches any rest of the URI, otherwise the URI must be equal. */
  readonly redirectUris: readonly string[];
  /** Origins whose scripts may call the token endpoint (CORS). */
  readonly webOrigins: readonly string[];
  /** Where end-session may send the browser back to; same rule as `redirectUris`. */
  readonly postLogoutRedirectUris: readonly string[];
}

/** The origins a console is served from when nothing else is configured: the gateway's default port. */
export const DEFAULT_CONSOLE_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'] as const;

/** The web console (`/` of the gateway) at each of the origins browsers reach the gateway by. */
export function consoleClient(origins: readonly string[]): PublicClient {
  const unique = [...new Set([...DEFAULT_CONSOLE_ORIGINS, ...origins.map((o) => new URL(o).origin)])];
  return {
    clientId: CONSOLE_CLIENT,
    name: 'GBA Exchange web console',
    redirectUris: unique.map((o) => `${o}/*`),
    webOrigins: unique,
    postLogoutRedirectUris: unique.map((o) => `${o}/*`),
  };
}

/** Keycloak's redirect URI match: exact, or a prefix when the registered URI ends in `*`. */
export function matchesUri(registered: readonly string[], uri: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  // A fragment would be lost on the way back; credentials in a URI are never a real redirect.
  if (parsed.hash || parsed.username || parsed.password) return false;
  return registered.some((r) => (r.endsWith('*') ? uri.startsWith(r.slice(0, -1)) : uri === r));
}
