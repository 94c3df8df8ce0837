/**
 * A subgraph called by the gateway of its own process (`gba start` runs every part in one). Planned
 * fetches keep the fetch shape (Hive Gateway builds their bodies); the gateway's one-fetch path hands
 * the operation over as it is: a body-less POST carrying the parameters, instead of a JSON body that
 * one side serialises and the other parses back, through a body stream and a second Request built
 * from it. Everything else is the HTTP call's: the request passes every plugin of the subgraph (the
 * gateway's secret, the limits, the caller's token, the response cache, metrics and the log line) and
 * the answer is the same response.
 */
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** Operations handed over, by the request that carries them; only this module's callers make such requests. */
const handedOver = new WeakMap<Request, GraphQLParams>();

/**
 * The subgraph's side: a handed-over operation is its request's parameters, as if parsed from a JSON
 * body (Yoga checks them the same way after). Place it after the body limit, which sees a POST of
 * length 0.
 */
export function useHandedOverOperations(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      const params = handedOver.get(request);
      if (params && requestParser) setRequestParser(() => params);
    },
  };
}

/** A Yoga server of this process (its adapter's `handleRequest`), with useHandedOverOperations. */
export interface InProcessServer {
  readonly fetchAPI: { readonly Request: typeof Request };
  handleRequest(request: Request, context: Record<string, never>): Response | Promise<Response>;
  fetch(url: string, init: RequestInit): Response | Promise<Response>;
}

/** A subgraph's fetch (Yoga's `server.fetch`): the same request and response as over HTTP, in memory. */
export type LocalFetch = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface OperationCall {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly params: GraphQLParams;
  readonly signal?: AbortSignal;
}

/** The one-fetch path in memory: the answer's status and text, as `postJson` gives them over HTTP. */
export type LocalCall = (call: OperationCall) => Promise<{ readonly status: number; readonly text: string }>;

export interface LocalSubgraph {
  readonly fetch: LocalFetch;
  /** Unset (a plain fetch), the one-fetch path sends a JSON body through `fetch`. */
  readonly call?: LocalCall;
}

/** The gateway's view of a subgraph server of its process. */
export function inProcess(server: InProcessServer): LocalSubgraph {
  return {
    fetch: (url, init) => server.fetch(url, init),
    call: async ({ url, headers, params, signal }) => {
      const request = new server.fetchAPI.Request(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        ...(signal ? { signal } : {}),
      });
      handedOver.set(request, params);
      const response = await server.handleRequest(request, {});
      return { status: response.status, text: await response.text() };
    },
  };
}
