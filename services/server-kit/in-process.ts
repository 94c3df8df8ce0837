/**
 * A subgraph called by the gateway of its own process (`gba start` runs every part in one). Planned
 * fetches keep the fetch shape (Hive Gateway builds their bodies); the gateway's one-fetch path hands
 * the operation over as it is: a body-less POST carrying the parameters, instead of a JSON body that
 * one side serialises and the other parses back, through a body stream and a second Request built
 * from it. Everything else is the HTTP call's: the request passes every plugin of the subgraph (the
 * gateway's secret, the limits, the caller's token, the response cache, metrics and the log line) and
 * the answer is the same response.
 *
 * What the subgraph does not do for such a request is only what its request has nothing for: reading
 * parameters from a body (it has none; they are handed over) and, for an answer of data alone asked as
 * `application/json` (as the one-fetch path asks), writing it as text that the gateway would scan and
 * pass on: the result itself is handed back, and the gateway writes it once. Every other hook runs as
 * over HTTP: the request's (the secret, the probes' paths, the response cache's, the log's start), the
 * parameters' (the response cache, the checks of the parameters), the whole envelop pipeline (limits,
 * introspection rule, the caller's token, authorisation, the consent gate and its audit, masking),
 * the result's, the response's (the log line, metrics, the request id).
 */
import type { ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin, YogaServer } from 'graphql-yoga';

/** Operations handed over, by the request that carries them; only this module's callers make such requests. */
const handedOver = new WeakMap<Request, GraphQLParams>();

/** What a hook threw after a handed-over operation ran, for Yoga to answer as it answers a throw. */
const thrown = new WeakMap<Request, unknown>();

/** Answers of data alone to handed-over operations, by request, handed back as results (not text). */
const answered = new WeakMap<Request, ExecutionResult>();

const JSON_TYPE = 'application/json';

/**
 * The result as the gateway may write it, when it is data alone: no errors, and no extensions but
 * Yoga's internal `http` without a status (the response cache's ETag headers), which Yoga drops
 * when it writes a result. Undefined for any other answer, which Yoga writes as over HTTP.
 */
function dataAlone(result: unknown): ExecutionResult | undefined {
  if (Array.isArray(result) || typeof result !== 'object' || result === null || Symbol.asyncIterator in result)
    return undefined;
  const { data, errors, extensions, stringify } = result as ExecutionResult & { stringify?: unknown };
  if (data === undefined || errors?.length) return undefined;
  const { http, ...others } = (extensions ?? {}) as { http?: { status?: number } };
  if (Object.keys(others).length > 0 || http?.status !== undefined) return undefined;
  // A kept answer's own `stringify` writes its kept text, the same as Yoga's for this result.
  return typeof stringify === 'function' ? ({ data, stringify } as ExecutionResult) : { data };
}

type Server = YogaServer<object, object>;
type ServerContext = Parameters<Server['handle']>[1];
type Processor = (result: unknown, fetchAPI: Server['fetchAPI'], accepted: string) => unknown;
type ResultHook = (payload: Record<string, unknown>) => unknown;
/** The parts of Yoga's server a handed-over request is answered with (`onResultProcessHooks` is private). */
interface Yoga {
  readonly fetchAPI: Server['fetchAPI'];
  readonly handle: Server['handle'];
  readonly getResultForParams: Server['getResultForParams'];
  readonly onResultProcessHooks: readonly ResultHook[];
}

/** Yoga's result processing (its `processResult`), except that an answer of data alone is handed back. */
async function processed(
  yoga: Yoga,
  request: Request,
  result: unknown,
  serverContext: ServerContext,
): Promise<Response> {
  let processor: Processor | undefined;
  let accepted = '*/*';
  const acceptableMediaTypes: string[] = [];
  for (const hook of yoga.onResultProcessHooks)
    await hook({
      request,
      acceptableMediaTypes,
      result,
      setResult: (next: unknown) => {
        result = next;
      },
      resultProcessor: processor,
      setResultProcessor: (next: Processor, type: string) => {
        processor = next;
        accepted = type;
      },
      serverContext,
    });
  const { Response } = yoga.fetchAPI;
  if (!processor)
    return new Response(null, {
      status: 406,
      statusText: 'Not Acceptable',
      headers: { accept: acceptableMediaTypes.join('; charset=utf-8, ') },
    });
  const alone = accepted === JSON_TYPE && request.headers.get('accept') === JSON_TYPE ? dataAlone(result) : undefined;
  if (!alone) return (await processor(result, yoga.fetchAPI, accepted)) as Response;
  answered.set(request, alone);
  return new Response(null, { status: 200, headers: { 'content-type': `${JSON_TYPE}; charset=utf-8` } });
}

/** A handed-over request, answered from its parameters on: Yoga's `handle` without reading a body. */
async function answer(yoga: Yoga, request: Request, serverContext: ServerContext): Promise<Response> {
  const params = handedOver.get(request);
  if (!params) return yoga.handle(request, serverContext);
  let result: unknown;
  try {
    result = await yoga.getResultForParams({ params, request }, serverContext);
  } catch (error) {
    // Execution's own errors are its result; a hook threw. Before execution (Yoga gives the context
    // its parameters when it starts one), e.g. the response cache refusing a bad token, Yoga answers
    // the same request as over HTTP. After it, the operation is never run twice: Yoga's parser gives
    // the throw back, and Yoga answers it as it answers any throw (masked, logged), not the server
    // adapter, whose answer would be the error's stack as text.
    if ((serverContext as { params?: unknown }).params === undefined) return yoga.handle(request, serverContext);
    return answerThrown(yoga, request, serverContext, error);
  }
  try {
    return await processed(yoga, request, result, serverContext);
  } catch (error) {
    // A result hook threw: as Yoga's handle answers it, without running the operation again.
    return answerThrown(yoga, request, serverContext, error);
  }
}

/** Yoga's answer to a throw after a handed-over operation ran: its request parser gives the throw back. */
function answerThrown(yoga: Yoga, request: Request, serverContext: ServerContext, error: unknown): Promise<Response> {
  thrown.set(request, error);
  return Promise.resolve(yoga.handle(request, serverContext));
}

/**
 * The subgraph's side: a handed-over operation is answered from its parameters, as if parsed from a
 * JSON body (Yoga checks them the same way after), once every request hook has let it through.
 */
export function useHandedOverOperations(): Plugin {
  let yoga: Yoga | undefined;
  return {
    onYogaInit({ yoga: server }) {
      yoga = server as unknown as Yoga;
    },
    onRequest({ request, setRequestHandler }) {
      const server = yoga;
      if (server && handedOver.has(request))
        setRequestHandler((req, serverContext) => answer(server, req, serverContext as ServerContext));
    },
    // For Yoga's own handling of a handed-over request (above, when a hook threw). Place this plugin
    // after the body limit, which sees a POST of length 0.
    onRequestParse({ request, requestParser, setRequestParser }) {
      const params = handedOver.get(request);
      if (!params || !requestParser) return;
      if (thrown.has(request))
        setRequestParser(() => {
          throw thrown.get(request);
        });
      else setRequestParser(() => params);
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

/**
 * The one-fetch path in memory: the answer's status and text, as `postJson` gives them over HTTP, or
 * for an answer of data alone asked as `application/json`, the result itself (status 200).
 */
export type LocalCall = (call: OperationCall) => Promise<LocalAnswer>;

export type LocalAnswer =
  | { readonly status: number; readonly text: string; readonly result?: undefined }
  | { readonly status: 200; readonly result: ExecutionResult };

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
      const result = answered.get(request);
      if (result && response.status === 200) return { status: 200, result };
      return { status: response.status, text: await response.text() };
    },
  };
}
