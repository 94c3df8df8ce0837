/**
 * A subgraph called by the gateway of its own process (`gba start` runs every part in one). Planned
 * fetches keep the fetch shape (Hive Gateway builds their bodies). The gateway's one-fetch path
 * (`execute`) hands the operation over with no request of the subgraph's own: the gateway of this very
 * process has already passed the request's door (its body, its limits, the caller's token, verified
 * once: the subgraph reads the same verification of the same request, bearer.ts), so the subgraph's
 * request hooks (the gateway's secret, the body, the probes' paths) have nothing to check. From the
 * parameters on it runs as over HTTP: the parameters' hooks (the response cache with the caller's
 * verification, the checks of the parameters, the operation observer's metrics and log line, under the
 * gateway's request ids), the whole envelop pipeline (the caller's token, authorisation, the consent
 * gate and its audit, masking), and for any answer but data alone the result's hooks, writing it as
 * `application/json`. A document the subgraph has parsed and validated once (`prepare`: its own limits
 * and rules) is handed over as that document, not parsed and validated again per request. An answer of
 * data alone is handed back as the result, and the gateway writes it once.
 */
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin, YogaServer } from 'graphql-yoga';
import { isGraphQLError } from '../../schema/errors.js';

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
/** How Yoga masks an error thrown outside execution (its private `maskedErrorsOpts`). */
interface Masking {
  readonly errorMessage: string;
  readonly isDev?: boolean;
  maskError(error: unknown, message: string, isDev?: boolean): Error;
}
/** The parts of Yoga's server a handed-over request is answered with (the hooks and masking are private). */
interface Yoga {
  readonly fetchAPI: Server['fetchAPI'];
  readonly getResultForParams: Server['getResultForParams'];
  readonly onResultProcessHooks: readonly ResultHook[];
  readonly maskedErrorsOpts?: Masking | null;
  readonly getEnveloped: Server['getEnveloped'];
}

/** Yoga's result processing (its `processResult`), except that an answer of data alone is handed back. */
async function processed(
  yoga: Yoga,
  request: Request,
  result: unknown,
  serverContext: ServerContext,
): Promise<Response | { readonly alone: ExecutionResult }> {
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
  return { alone };
}

/** The subgraph's side: a hand-over of a document it has prepared runs that document. */
export function useHandedOverOperations(): Plugin {
  let yoga: Yoga | undefined;
  return {
    onYogaInit({ yoga: server }) {
      yoga = server as unknown as Yoga;
    },
    // A hand-over of a document this subgraph has parsed and validated once (`prepare`) runs it as it is.
    onParams({ context, setParamsHandler }) {
      const document = handedOverOf(context)?.document;
      const server = yoga;
      if (server && document) setParamsHandler((payload) => executePrepared(server, document, payload));
    },
  };
}

/** A Yoga server of this process, with useHandedOverOperations. */
export interface InProcessServer {
  readonly fetchAPI: { readonly Request: typeof Request };
  fetch(url: string, init: RequestInit): Response | Promise<Response>;
  getResultForParams(input: { params: GraphQLParams; request: Request }, context: Record<string, never>): unknown;
}

/** A subgraph's fetch (Yoga's `server.fetch`): the same request and response as over HTTP, in memory. */
export type LocalFetch = (url: string, init: RequestInit) => Response | Promise<Response>;

export type LocalAnswer =
  | { readonly status: number; readonly text: string; readonly result?: undefined }
  | { readonly status: 200; readonly result: ExecutionResult };

export interface LocalSubgraph {
  readonly fetch: LocalFetch;
  /** The gateway's one-fetch path for a request it has checked and verified (`executeHandedOver`). */
  readonly execute?: LocalExecute;
  readonly prepare?: LocalPrepare;
}

/** The ids the gateway answers a request under, which the subgraph logs and audits it under too. */
export interface HandedOverIdentity {
  readonly id: string;
  readonly clientId: string | null;
}

export interface HandedOverExecution {
  /** The caller's request as the gateway has it: its bearer token already verified there (bearer.ts). */
  readonly request: Request;
  readonly identity: HandedOverIdentity;
  readonly params: GraphQLParams;
  /** The subgraph's own document for `params.query`, from `prepare`; without it, the query is parsed and validated. */
  readonly document?: DocumentNode;
}

export type LocalExecute = (execution: HandedOverExecution) => Promise<LocalAnswer>;

/**
 * A query as the subgraph parses and validates it (its own limits and rules), once per document: the
 * document to hand over with it, or undefined when the subgraph refuses it (then handed over as text,
 * to be refused in the subgraph's own words).
 */
export type LocalPrepare = (query: string) => DocumentNode | undefined;

const HANDED_OVER = Symbol('operation handed over by the gateway of this process');

/** What the context of a handed-over execution carries, for the subgraph's context and observer. */
export interface HandedOver {
  readonly identity: HandedOverIdentity;
  readonly document: DocumentNode | undefined;
  /** Told the status of the answer once it is known (the operation observer's record). */
  readonly answered: ((status: number) => void)[];
}

/** The hand-over a Yoga context comes from, if it was made by `executeHandedOver`; only this module makes one. */
export function handedOverOf(context: unknown): HandedOver | undefined {
  return (context as { [HANDED_OVER]?: HandedOver } | undefined)?.[HANDED_OVER];
}

/** What Yoga answers for a throw outside execution: the error masked as its masking does, else thrown on. */
function thrownResult(yoga: Yoga, error: unknown): ExecutionResult {
  const masking = yoga.maskedErrorsOpts;
  const masked = masking?.maskError(error, masking.errorMessage, masking.isDev);
  if (!isGraphQLError(masked)) throw error;
  return { errors: [masked] };
}

/**
 * The gateway's one-fetch path without a request of the subgraph's own: the parameters' hooks (their
 * checks, the response cache, the observer), the whole envelop pipeline (limits, the caller's token,
 * authorisation, the consent gate and its audit, masking) and the result's hooks run as for a request
 * over HTTP asking `application/json`; what is left out is only the request's door, which the gateway
 * of this very process has passed (its secret, the body, the probes' paths), and the writing of an
 * answer of data alone, which is handed back as its result.
 */
async function executeHandedOver(yoga: Yoga, asker: Request, execution: HandedOverExecution): Promise<LocalAnswer> {
  const handedOver: HandedOver = { identity: execution.identity, document: execution.document, answered: [] };
  const context = { [HANDED_OVER]: handedOver } as unknown as ServerContext;
  let result: unknown;
  try {
    result = await yoga.getResultForParams({ params: execution.params, request: execution.request }, context);
  } catch (error) {
    result = thrownResult(yoga, error);
  }
  const local = await written(yoga, asker, result, context);
  for (const told of handedOver.answered) told(local.status);
  return local;
}

/**
 * A hand-over's answer: data alone is handed back as it is (how it is written is the gateway's,
 * whose result hooks see it), anything else written by the subgraph's result hooks as over HTTP.
 */
async function written(yoga: Yoga, asker: Request, result: unknown, context: ServerContext): Promise<LocalAnswer> {
  const alone = dataAlone(result);
  if (alone) return { status: 200, result: alone };
  const answer = await processed(yoga, asker, result, context).catch((error: unknown) =>
    processed(yoga, asker, thrownResult(yoga, error), context),
  );
  return answer instanceof yoga.fetchAPI.Response
    ? { status: answer.status, text: await answer.text() }
    : { status: 200, result: answer.alone };
}

/** Yoga's handling of the parameters (its `handleParams`) for a document already parsed and validated. */
async function executePrepared(
  yoga: Yoga,
  document: DocumentNode,
  { request, params, context }: { request: Request; params: GraphQLParams; context: object },
): Promise<ExecutionResult> {
  Object.assign(context, { request, params });
  const enveloped = yoga.getEnveloped(context);
  try {
    const contextValue = await enveloped.contextFactory();
    return (await enveloped.execute({
      schema: enveloped.schema,
      document,
      contextValue,
      variableValues: params.variables,
      operationName: params.operationName,
    })) as ExecutionResult;
  } catch (error) {
    return thrownResult(yoga, error);
  }
}

/** `LocalPrepare`: the subgraph's own parsing and validation (limits included), as for a request. */
function prepare(yoga: Yoga, asker: Request, query: string): DocumentNode | undefined {
  const enveloped = yoga.getEnveloped({ request: asker, params: { query } });
  try {
    const document = enveloped.parse(query);
    return enveloped.validate(enveloped.schema, document).length === 0 ? document : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Yoga parts read once: the server adapter is a Proxy, and every property read through it costs a
 * trap and a look-up on each call.
 */
function unwrapped(server: Yoga): Yoga {
  const { fetchAPI, getResultForParams, onResultProcessHooks, getEnveloped } = server;
  return {
    fetchAPI,
    getResultForParams,
    onResultProcessHooks,
    getEnveloped,
    get maskedErrorsOpts() {
      return server.maskedErrorsOpts;
    },
  };
}

/** The gateway's view of a subgraph server of its process. */
export function inProcess(server: InProcessServer): LocalSubgraph {
  const yoga = unwrapped(server as unknown as Yoga);
  // What result hooks see of every hand-over: a request asking `application/json`, as the one-fetch path asks.
  const asker = new server.fetchAPI.Request('http://in-process/graphql', { headers: { accept: JSON_TYPE } });
  return {
    execute: (execution) => executeHandedOver(yoga, asker, execution),
    prepare: (query) => prepare(yoga, asker, query),
    fetch: (url, init) => server.fetch(url, init),
  };
}
