/**
 * Which browser origins the gateway answers across origins. Yoga's default reflects any Origin with
 * `allow-credentials: true`, so any web page a signed-in official visits could call the API as them;
 * and given a list, @whatwg-node names its only entry to every caller, or answers `null` with
 * credentials. This policy answers an allowed origin as itself, with credentials, and any other
 * origin with no CORS headers at all.
 *
 * Allowed: the origins CORS_ORIGINS lists; in development also the platform's own (PUBLIC_URL, the
 * address the gateway listens on and its localhost spelling, and http://localhost:4000), which local
 * tools on another port of the same machine do not share. Production answers only CORS_ORIGINS: the
 * console is served by the gateway itself, same origin.
 */
import type { CORSOptions } from 'graphql-yoga';
import { DEFAULT_CONSOLE_ORIGINS } from '../identity/public-client.js';

export interface CorsPolicyOptions {
  /** CORS_ORIGINS: origins answered in any mode. @default [] */
  readonly listed?: readonly string[] | undefined;
  /**
   * The platform's own origins, read at each request: the gateway's own address is known only once it
   * listens, so the platform passes a set it fills then. @default DEFAULT_CONSOLE_ORIGINS only
   */
  readonly own?: Iterable<string>;
  /** Production: the own origins are not answered across origins. @default false */
  readonly production?: boolean;
}

const originOf = (url: string): string => new URL(url).origin;

export function corsPolicy({ listed = [], own = [], production = false }: CorsPolicyOptions) {
  const fixed = new Set(listed.map(originOf));
  const allowed = (origin: string): boolean => {
    if (fixed.has(origin)) return true;
    if (production) return false;
    if ((DEFAULT_CONSOLE_ORIGINS as readonly string[]).includes(origin)) return true;
    for (const o of own) if (originOf(o) === origin) return true;
    return false;
  };
  return (request: Request): CORSOptions | false => {
    const origin = request.headers.get('origin');
    return origin && allowed(origin) ? { origin: [origin], credentials: true } : false;
  };
}
