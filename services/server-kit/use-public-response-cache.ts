/**
 * A response cache for public reads (@graphql-yoga/plugin-response-cache): an answer that depends on
 * nothing but the operation and the data is kept and served to the next caller who asks the same,
 * whoever that is. Two rules keep it exact and public:
 * - Public: a response is kept only if no resolver looked at the caller. The plugin turns the
 *   context's `principal` into a getter that marks the request when read (requireOfficial,
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

export function usePublicResponseCache({ dataVersion, verifyCaller, max = 1000 }: PublicResponseCacheOptions): Plugin {
  // A store that cannot be read has no version: nothing is kept or served then, and the request
  // goes on to fail or succeed as it would without the cache.
  const version = () => {
    try {
      return dataVersion();
    } catch {
      return null;
    }
  };
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useResponseCache({
          cache: versionedCache(version, max),
          enabled: () => version() !== null,
          // One entry for everyone: only responses that never looked at the caller are kept.
          session: async (request) => {
            await verifyCaller(request);
            return null;
          },
          // The key is also the response's ETag, so it is hashed into characters a header may hold.
          buildResponseCacheKey: ({ documentString, variableValues, operationName }) =>
            `${version()}-${createHash('sha256')
              .update(`${operationName ?? ''}\u0000${JSON.stringify(variableValues ?? {})}\u0000${documentString}`)
              .digest('base64url')}`,
          onTtl: ({ ttl, context }) => (viewerRead.has(context as object) ? 0 : ttl),
          // Writes are seen through the data's version, whoever made them.
          invalidateViaMutation: false,
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

/** The in-memory LRU cache of the current data version; a new version starts an empty one. */
function versionedCache(dataVersion: () => string | null, max: number): Cache {
  let version = dataVersion();
  let cache = createInMemoryCache({ max });
  const current = () => {
    const now = dataVersion();
    if (now !== version) {
      version = now;
      cache = createInMemoryCache({ max });
    }
    return cache;
  };
  return {
    get: (key) => current().get(key),
    set: (key, value, entities, ttl) => current().set(key, value, entities, ttl),
    invalidate: (entities) => current().invalidate(entities),
  };
}
