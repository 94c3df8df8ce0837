/**
 * Subgraphs served by this very process (`gba start` runs every part in one) are called in memory,
 * through their Yoga server's `fetch`, instead of over loopback HTTP: the same request (method,
 * headers, body, signal) and the same response, without two HTTP encodings and a socket per call.
 * Subgraphs elsewhere (another process, a partner's) are fetched over HTTP as before.
 */
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { TextResponse } from './post-json.js';

/** A subgraph server's WHATWG fetch (Yoga's `server.fetch`). */
export type LocalFetch = (url: string, init: RequestInit) => Response | Promise<Response>;

/** Subgraphs of this process by name. */
export type LocalSubgraphs = Readonly<Record<string, LocalFetch>>;

/** The gateway's one-fetch path, in memory: the answer as text, as `postJson` gives it over HTTP. */
export async function postLocal(
  local: LocalFetch,
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal?: AbortSignal,
): Promise<TextResponse> {
  const response = await local(url.href, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
  return { status: response.status, text: await response.text() };
}

/** Planned fetches (joins, mutations, subscriptions) to a subgraph of this process go in memory too. */
export function useLocalSubgraphs(byUrl: ReadonlyMap<string, LocalFetch>): GatewayPlugin {
  return {
    onFetch({ url, setFetchFn }) {
      const local = byUrl.get(url);
      if (local) setFetchFn((target, init) => local(target, (init ?? {}) as RequestInit));
    },
  };
}
