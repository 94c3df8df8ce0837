/**
 * Subgraphs served by this very process (`gba start` runs every part in one) are called in memory
 * instead of over loopback HTTP: planned fetches through their Yoga server's `fetch` (the same
 * request and response, without two HTTP encodings and a socket per call), and the one-fetch path by
 * handing the operation over (server-kit/in-process.ts). Subgraphs elsewhere (another process, a
 * partner's) are fetched over HTTP as before.
 */
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { GraphQLParams } from 'graphql-yoga';
import type { LocalFetch, LocalSubgraph } from '../server-kit/in-process.js';
import type { TextResponse } from './post-json.js';

export type { LocalFetch, LocalSubgraph } from '../server-kit/in-process.js';

/** Subgraphs of this process by name. */
export type LocalSubgraphs = Readonly<Record<string, LocalSubgraph>>;

/**
 * The gateway's one-fetch path to a subgraph of this process that takes no hand-over (a plain fetch):
 * a JSON body through its `fetch`, the answer as text, as `postJson` gives it over HTTP.
 */
export async function postLocal(
  local: LocalSubgraph,
  url: URL,
  headers: Record<string, string>,
  params: GraphQLParams,
  signal?: AbortSignal,
): Promise<TextResponse> {
  const body = JSON.stringify(params);
  const response = await local.fetch(url.href, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
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
