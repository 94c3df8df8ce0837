/**
 * The URLPattern of the gateway's Yoga (Hive Gateway's `fetchAPI.URLPattern`). Yoga builds one per
 * endpoint it knows (`/graphql`, Hive Gateway's `/readiness`), and Hive Gateway's readiness plugin
 * tests its pattern against every request that is not for its own path, i.e. every GraphQL request;
 * on Node 20 that is urlpattern-polyfill, whose `test` canonicalises all eight parts of the URL and
 * runs a regular expression for each (about 5% of the gateway's CPU on an official's query). The
 * gateway's patterns are literal paths, and for a literal path (no pattern syntax, only unreserved
 * characters, which canonicalisation leaves as they are) a URL matches exactly when its pathname is
 * that path, in any protocol, host and search, as URLPattern's own `{ pathname }` matches it. A
 * pattern that is not such a path is refused where it is built, at the gateway's start.
 */

/** A path of unreserved characters: nothing URLPattern would read as syntax or canonicalise. */
const LITERAL_PATH = /^(\/[A-Za-z0-9._~-]*)+$/;

export class LiteralPathPattern {
  readonly pathname: string;

  constructor(init: unknown, ...rest: unknown[]) {
    const pathname = (init as { pathname?: unknown } | null)?.pathname;
    if (
      rest.length > 0 ||
      typeof init !== 'object' ||
      init === null ||
      Object.keys(init).length !== 1 ||
      typeof pathname !== 'string' ||
      !LITERAL_PATH.test(pathname)
    )
      throw new TypeError(`the gateway matches only literal paths, not ${JSON.stringify(init)}`);
    this.pathname = pathname;
  }

  /** As URLPattern's `test`: a URL (or its parts) given, or an absolute URL as text; false for any other. */
  test(input: unknown, base?: string): boolean {
    if (typeof input === 'object' && input !== null)
      return (input as { pathname?: unknown }).pathname === this.pathname;
    if (typeof input !== 'string') return false;
    return URL.canParse(input, base) && new URL(input, base).pathname === this.pathname;
  }
}
