/**
 * A response cache for public reads (@graphql-yoga/plugin-response-cache): an answer that depends on
 * nothing but the operation and the data is kept and served to the next caller who asks the same,
 * whoever that is. Two rules keep it exact and public:
 * - Public: a response is kept only if no resolver looked at the caller. The plugin turns the
 *   context's `principal` into a getter that marks the request when read (a field's authScopes,
 *   ownership checks, the viewer's jurisdiction...), and a marked response is never kept. So a new
 *   per-viewer or gated field is left out without anyone listing it (fail closed), and a kept
 *   response is what an anonymous caller would be given too.
 * - Exact: every key carries the data's version (`GraphStore.dataVersion`), which changes with every
 *   commit, from this process (API writes, partner events) or another; the next read after a write
 *   asks a new key, and the kept answers of older versions are dropped. No time-to-live.
 * Responses with errors are never kept (the plugin's default). Mutations are not cached.
 */
import { createHash } from 'node:crypto';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';

export interface PublicResponseCacheOptions {
  /** The data's current version; it must change whenever what a read returns may have changed. */
  readonly dataVersion: () => string;
  /**
   * Checks the caller's credentials; it throws (UNAUTHENTICATED) for a bad token. A kept answer is
   * looked up before the context is built, so without this a bad token would be handed it.
   */
  readonly verifyCaller: (request: Request) => Promise<unknown>;
  /** Responses kept (least recently used go first). @default 1000 */
  readonly max?: number;
}

/** Requests during which a resolver read the caller. */
const viewerRead = new WeakSet<object>();

/** An operation as a request names it: the key of its kept answer. */
export interface KeptOperation {
  readonly document: string;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
  readonly operationName?: string | null | undefined;
}

/**
 * The plugin's kept answers, read from outside Yoga (the gateway's door for kept answers,
 * services/gateway/kept-answer-door.ts): the same store, key and data version as a request through Yoga.
 */
export interface KeptAnswers {
  /**
   * The answer (as Yoga sends it, UTF-8, encoded once per kept answer) kept for this operation under
   * the data's current version.
   */
  find(operation: KeptOperation): Buffer | undefined;
}

/** The plugin and a reader of what it keeps. */
export function publicResponseCache({ dataVersion, verifyCaller, max = 1000 }: PublicResponseCacheOptions): {
  readonly plugin: Plugin;
  readonly answers: KeptAnswers;
} {
  const cache = versionedCache(max);
  const readVersion = () => {
    try {
      return dataVersion();
    } catch {
      return null;
    }
  };
  const answers: KeptAnswers = {
    find(operation) {
      const version = readVersion();
      if (version === null) return undefined;
      const kept = cache.get(keyOf(version, operation)) as KeptResult | undefined | Promise<unknown>;
      return kept && 'bytes' in kept ? kept.bytes() : undefined;
    },
  };
  return { plugin: plugin({ cache, readVersion, verifyCaller }), answers };
}

/** The key of an operation's answer: the data version, then a hash of what the request names. */
const keyOf = (version: string, { document, variables, operationName }: KeptOperation): string =>
  // The key is also the response's ETag, so it is hashed into characters a header may hold.
  `${version}${VERSION_END}${createHash('sha256')
    .update(`${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}\u0000${document}`)
    .digest('base64url')}`;

function plugin({
  cache,
  readVersion,
  verifyCaller,
}: {
  cache: Cache;
  readVersion: () => string | null;
  verifyCaller: PublicResponseCacheOptions['verifyCaller'];
}): Plugin {
  // Read once per request, so its key, look-up and keeping agree. A store that cannot be read has
  // no version: nothing is kept or served then, and the request fails or succeeds as without the cache.
  const versions = new WeakMap<Request, string | null>();
  const versionFor = (request: Request) => {
    let version = versions.get(request);
    if (version === undefined) {
      version = readVersion();
      versions.set(request, version);
    }
    return version;
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useResponseCache({
          cache,
          enabled: (request) => versionFor(request) !== null,
          // One entry for everyone: only responses that never looked at the caller are kept.
          session: async (request) => {
            await verifyCaller(request);
            return null;
          },
          buildResponseCacheKey: ({ documentString, variableValues, operationName, request }) =>
            keyOf(versionFor(request) ?? '', { document: documentString, variables: variableValues, operationName }),
          onTtl: ({ ttl, context }) => (viewerRead.has(context as object) ? 0 : ttl),
          // Writes are seen through the data's version, whoever made them.
          invalidateViaMutation: false,
          // The kept text is the answer in every mode, so the gateway's door serves what Yoga would.
          includeExtensionMetadata: false,
        }),
      );
    },
    onContextBuilding() {
      return ({ context }) => {
        const principal = (context as { principal?: unknown }).principal;
        Object.defineProperty(context, 'principal', {
          configurable: true,
          enumerable: true,
          get() {
            viewerRead.add(context);
            return principal;
          },
        });
      };
    },
  };
}

/** Ends the data version at the head of every key (versions are digits and dots). */
const VERSION_END = '~';

/**
 * The in-memory LRU cache of the newest data version: a look-up under a new version (made as the
 * request's key was) starts an empty one, and an answer computed under an older version is not kept.
 */
function versionedCache(max: number): Cache {
  let version: string | undefined;
  let cache = createInMemoryCache({ max });
  const versionOf = (key: string) => key.slice(0, key.indexOf(VERSION_END));
  return {
    get: (key) => {
      const asked = versionOf(key);
      if (asked !== version) {
        version = asked;
        cache = createInMemoryCache({ max });
      }
      return cache.get(key);
    },
    set: (key, value, entities, ttl) => {
      if (versionOf(key) === version) cache.set(key, servedAsText(value), entities, ttl);
    },
    invalidate: (entities) => cache.invalidate(entities),
  };
}

/** A kept answer with its text, made once and shared by Yoga's hits and the gateway's door. */
type KeptResult = { readonly bytes: () => Buffer };

/**
 * A kept answer that Yoga serialises once: it writes a result through the result's own `stringify`
 * when it has one, and the plugin serves a copy of the kept object at every hit, `stringify` with it.
 * The text is what Yoga sends: the answer without its internal `extensions.http` (kept answers have
 * no errors, whose internals Yoga would drop too), the same at every hit, since it is never changed.
 */
function servedAsText<T extends { extensions?: Record<string, unknown> }>(value: T): T & KeptResult {
  let text: string | undefined;
  const made = () => {
    const { http: _, ...extensions } = value.extensions ?? {};
    return JSON.stringify({ ...value, extensions: Object.keys(extensions).length ? extensions : undefined });
  };
  let bytes: Buffer | undefined;
  const once = () => (text ??= made());
  return { ...value, stringify: once, bytes: () => (bytes ??= Buffer.from(once())) };
}
