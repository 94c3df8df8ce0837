/**
 * A door in front of the gateway for answers the knowledge subgraph's response cache keeps
 * (server-kit/use-public-response-cache.ts): a `GET` of a persisted operation, named by its hash,
 * whose answer is kept under the data's current version is answered here, from the plugin's own
 * store, without the Request, Response and plugin hooks of Hive Gateway and of the subgraph (most of
 * a kept answer's cost). Everything else goes on to the gateway untouched, and so does every request
 * the door is unsure of, so the gateway's own answer (and refusal) stands:
 * - Public only: the cache keeps only answers no resolver read the caller for; the door adds no list.
 * - The gateway's checks: a document is answered here only once the gateway has sent it whole to
 *   the subgraph (past its persisted allow-list, validation and limits, which depend on the document
 *   alone); a request with an Origin (CORS), a body, or an Accept the door does not mirror goes on.
 * - The caller: a token is verified first; a bad or expired one goes on, to be refused with 401.
 * - Exact: the key carries the store's data version, read at this request, as Yoga's would.
 * Each answer is reported as the gateway reports its own (metrics, one log line).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getOperationAST, parse } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import type { Authenticator } from '../identity/authenticator.port.js';
import { bearerToken } from '../identity/bearer.js';
import type { OperationRecord } from '../server-kit/metrics.js';
import { clientRequestIdFrom, REQUEST_ID_HEADER } from '../server-kit/request-id.js';
import type { KeptAnswers, KeptOperation } from '../server-kit/use-public-response-cache.js';
import type { PersistedOperations } from './persisted-operations.js';

export interface KeptAnswerDoorOptions {
  /** The allow-list: the hashes the door knows. */
  readonly persisted: PersistedOperations;
  /** The subgraph whose kept answers these are (its name in the supergraph). */
  readonly subgraph: string;
  readonly answers: KeptAnswers;
  readonly authenticator: Authenticator;
  /** Told of every answer, as the gateway's operation observer tells its own. */
  readonly listeners: readonly ((record: OperationRecord) => void)[];
  /** Where `gba_gateway_kept_answers_total` counts the door's answers. */
  readonly registry?: Registry;
  /** @default '/graphql' */
  readonly endpoint?: string;
}

export interface KeptAnswerDoor {
  /** The door in front of the gateway's own handler, which gets every request the door does not answer. */
  readonly before: (gateway: RequestListener) => RequestListener;
  /** Pass to the gateway's `onSentWhole`: the door learns which documents the gateway let through. */
  readonly sentWhole: (subgraph: string, query: string) => void;
}

/** The Accept headers the door answers, with the media type the gateway answers each with. */
const MEDIA_TYPES = new Map<string | undefined, string>([
  [undefined, 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
]);

interface Asked extends KeptOperation {
  readonly mediaType: string;
  /** For the operation's metrics label. */
  readonly name: string | undefined;
}

/** Persisted documents the gateway has let through to the subgraph, with their operations' names. */
type Passed = Map<string, (operationName: string | undefined) => string | undefined>;

export function keptAnswerDoor(options: KeptAnswerDoorOptions): KeptAnswerDoor {
  const { persisted, subgraph, answers, authenticator, listeners, endpoint = '/graphql' } = options;
  const documents = new Set(persisted.values());
  const passed: Passed = new Map();
  const served = servedCounter(options.registry);
  const before =
    (gateway: RequestListener): RequestListener =>
    (req, res) => {
      const startedAt = performance.now();
      const operation = askedOf(req, { endpoint, persisted, passed });
      if (!operation) return gateway(req, res);
      // A refused token, a miss, or a failure of the look-up itself: the gateway answers, as without the door.
      callerAllowed(req.headers.authorization, authenticator)
        .then((allowed) => (allowed ? answers.find(operation) : undefined))
        .then(
          (body) => {
            if (body === undefined) return gateway(req, res);
            served.inc();
            answer(req, res, { body, startedAt, operation, listeners });
          },
          () => gateway(req, res),
        )
        .catch((error: Error) => res.destroy(error));
    };
  return {
    before,
    sentWhole: (to, query) => {
      if (to === subgraph && !passed.has(query) && documents.has(query)) remember(passed, query);
    },
  };
}

function servedCounter(registry: Registry | undefined): Counter {
  return new Counter({
    name: 'gba_gateway_kept_answers_total',
    help: "Answers the gateway's door served from the knowledge subgraph's response cache",
    registers: registry ? [registry] : [],
  });
}

/** A document the gateway let through, with how its operations' names are found (for the metrics label). */
function remember(passed: Passed, query: string): void {
  const ast = parse(query);
  passed.set(query, (operationName) => operationName ?? getOperationAST(ast, operationName)?.name?.value);
}

/** The operation a request asks the door for: a plain GET of a persisted document the gateway let through. */
function askedOf(
  req: IncomingMessage,
  { endpoint, persisted, passed }: { endpoint: string; persisted: PersistedOperations; passed: Passed },
): Asked | undefined {
  const { headers } = req;
  if (req.method !== 'GET' || headers.origin !== undefined || headers['content-length'] !== undefined) return;
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return;
  const mediaType = MEDIA_TYPES.get(headers.accept);
  const url = req.url ?? '';
  if (!mediaType || !url.startsWith(`${endpoint}?`)) return;
  const params = searchParams(url.slice(endpoint.length + 1));
  const document = params && persisted.get(hashOf(params) ?? '');
  const nameOf = document === undefined ? undefined : passed.get(document);
  if (!params || document === undefined || !nameOf) return;
  const variables = jsonObject(params.variables);
  if (variables === null) return;
  return { document, variables, operationName: params.operationName, mediaType, name: nameOf(params.operationName) };
}

/** The kept answer, under a request id of the platform's (request-id.ts), reported as the gateway reports its own. */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  {
    body,
    startedAt,
    operation,
    listeners,
  }: { body: Buffer; startedAt: number; operation: Asked } & Pick<KeptAnswerDoorOptions, 'listeners'>,
): void {
  const requestId = randomUUID();
  res.writeHead(200, {
    'content-type': operation.mediaType,
    'content-length': body.length,
    [REQUEST_ID_HEADER]: requestId,
  });
  res.end(body);
  const record: OperationRecord = {
    operationName: operation.name,
    durationMs: performance.now() - startedAt,
    errorCodes: [],
    status: 200,
    requestId,
    clientRequestId: clientRequestIdFrom(req.headers[REQUEST_ID_HEADER]?.toString()),
  };
  for (const listener of listeners) listener(record);
}

interface Params {
  readonly extensions?: string;
  readonly documentId?: string;
  readonly variables?: string;
  readonly operationName?: string;
}

const KNOWN = new Set(['extensions', 'documentId', 'variables', 'operationName']);

/** The query string's parameters, when each is known and given once; anything else goes to the gateway. */
function searchParams(query: string): Params | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    if (!KNOWN.has(name) || name in out) return;
    out[name] = value;
  }
  return out;
}

/** The hash, named as the gateway's persisted operations take it: Apollo's extension or `documentId`. */
function hashOf({ extensions, documentId }: Params): string | undefined {
  if (documentId !== undefined) return extensions === undefined ? documentId : undefined;
  const parsed = jsonObject(extensions) as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null;
  const persistedQuery = parsed?.persistedQuery;
  if (!parsed || Object.keys(parsed).length !== 1 || persistedQuery?.version !== 1) return;
  return typeof persistedQuery.sha256Hash === 'string' ? persistedQuery.sha256Hash : undefined;
}

/** A JSON object, undefined for none given, null for anything else. */
function jsonObject(text: string | undefined): Record<string, unknown> | undefined | null {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Anonymous, or a bearer token the authenticator accepts; a refusal is the gateway's to give. */
async function callerAllowed(authorization: string | undefined, authenticator: Authenticator): Promise<boolean> {
  if (authorization === undefined) return true;
  const token = bearerToken(authorization);
  if (!token) return false;
  await authenticator.authenticate(token);
  return true;
}
