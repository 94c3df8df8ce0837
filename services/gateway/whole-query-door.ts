/**
 * A door in front of Hive Gateway for POSTed queries the gateway has already let through and sent
 * whole to a subgraph of this process (use-single-subgraph.ts). Such a query's document passed every
 * check of the gateway that depends on the document alone (parsing, validation against the
 * supergraph, the limits, the introspection rule, the one-subgraph decision); what remains per request
 * is the request's own: its headers, its body, the caller's token and the variables. The door checks
 * those and sends the operation to the subgraph as the gateway's one-fetch path does (the hand-over of
 * in-process.ts: the subgraph's response cache, authorisation, consent gate and audit, observer,
 * masking, all as before), without Hive Gateway's request pipeline, which cost about half the
 * subgraph's own work on an official's list.
 *
 * Whatever the door is unsure of goes to the gateway, which answers or refuses it as before:
 * - a request that is not a plain POST to the endpoint: another path or method, an `Origin` (CORS),
 *   a `Content-Encoding` or chunked body, a body over `maxBytes`, a content type other than JSON, an
 *   `Accept` the door does not mirror (it writes the media type Yoga chooses for the four it knows);
 * - a body that is not one operation of `query`, `variables` and `operationName` (a batch, extensions,
 *   anything else), or names a query text and operation the gateway has not sent whole;
 * - a bearer token the authenticator refuses (the gateway answers 401), variables the gateway would
 *   refuse;
 * - an answer other than data alone (errors, extensions): the request is handed back to the gateway
 *   with the subgraph's answer and the ids it was answered under, and the gateway's pipeline runs as
 *   for any request, taking that answer instead of sending the operation again (its relaying and
 *   masking of the subgraph's errors, the status codes, the log line and metrics: whole-queries.ts).
 *
 * An answer of data alone is written as Yoga writes it (the same media type, body and headers, the
 * request id of the platform in `x-request-id`) and reported as the gateway reports its own: one
 * record to the operation listeners (metrics, the log line), counted in `gba_gateway_whole_queries_total`.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import type { Authenticator } from '../identity/authenticator.port.js';
import { principalOf } from '../identity/bearer.js';
import type { LocalAnswer } from '../server-kit/in-process.js';
import type { OperationRecord } from '../server-kit/metrics.js';
import { REQUEST_ID_HEADER } from '../server-kit/request-id.js';
import type { HandOff, WholeQueries, WholeQuery } from './whole-queries.js';

export interface WholeQueryDoorOptions {
  /** Shared with the gateway (its `wholeQueries`). */
  readonly queries: WholeQueries;
  /** The gateway's authenticator. */
  readonly authenticator: Authenticator;
  /** Told of every answer, as the gateway's operation observer tells its own. */
  readonly listeners: readonly ((record: OperationRecord) => void)[];
  /** Where `gba_gateway_whole_queries_total` counts the door's answers. */
  readonly registry?: Registry;
  /** @default '/graphql' */
  readonly endpoint?: string;
}

/** The largest body the door reads; a larger one goes to the gateway unread (the gateway's own limit is larger). */
export const WHOLE_QUERY_DOOR_MAX_BYTES = 64 * 1024;

/** The Accept headers the door answers, with the media type Yoga answers each with. */
const MEDIA_TYPES = new Map<string | undefined, string>([
  [undefined, 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
]);

const JSON_BODIES = new Set(['application/json', 'application/json; charset=utf-8']);

/** The gateway's node listener, with the Request class its server adapter makes requests of. */
type Gateway = RequestListener & { readonly fetchAPI: { readonly Request: typeof Request } };

/** One operation as the door takes it: a JSON object of these keys and no other. */
interface Operation extends GraphQLParams {
  readonly query: string;
}

export function wholeQueryDoor(options: WholeQueryDoorOptions): { before(gateway: Gateway): RequestListener } {
  const { queries, authenticator, listeners, endpoint = '/graphql' } = options;
  const served = servedCounter(options.registry);
  return {
    before: (gateway) => {
      const { Request } = gateway.fetchAPI;
      /** Answers at the door, or hands the request, its body read, to the gateway with what the door did of it. */
      const take = async (req: IncomingMessage, res: ServerResponse, mediaType: string): Promise<void> => {
        const startedAt = performance.now();
        const onward = (body: Buffer, sent?: HandOff['sent']) => {
          queries.handOff(req, { startedAt, ...(sent ? { sent } : {}) });
          // @whatwg-node/server takes a node request's `body`, once read, as the request's body.
          (req as { body?: Buffer }).body = body;
          gateway(req, res);
        };
        const body = await readBody(req);
        const operation = operationOf(body);
        const whole = operation && queries.find(operation.query, operation.operationName);
        if (!operation || !whole) return onward(body);
        const request = new Request(`http://${req.headers.host ?? 'localhost'}${endpoint}`, {
          method: 'POST',
          headers: req.headers as Record<string, string>,
        });
        // A token the authenticator refuses is the gateway's to refuse (401).
        if (
          !(await principalOf(request, authenticator).then(
            () => true,
            () => false,
          ))
        )
          return onward(body);
        const answer = sent(whole, request, operation);
        if (!answer) return onward(body);
        const text = await answer.then(
          ({ result }) => (result ? textOf(result) : undefined),
          () => undefined,
        );
        // Errors, extensions, a failure: the gateway writes the subgraph's answer, as its one-fetch path does.
        if (text === undefined) return onward(body, { request, subgraph: whole.subgraph, answer });
        const requestId = queries.ids.of(request);
        res.writeHead(200, {
          'content-type': mediaType,
          'content-length': Buffer.byteLength(text),
          [REQUEST_ID_HEADER]: requestId,
        });
        res.end(text);
        served.inc();
        const record: OperationRecord = {
          operationName: operation.operationName ?? whole.name,
          durationMs: performance.now() - startedAt,
          errorCodes: [],
          status: 200,
          requestId,
          clientRequestId: queries.ids.clientIdOf(request),
        };
        for (const listener of listeners) listener(record);
      };
      return (req, res) => {
        const mediaType = mediaTypeOf(req, endpoint);
        if (!mediaType) return gateway(req, res);
        // The body could not be read (the caller went away): nobody to answer.
        take(req, res, mediaType).catch((error: Error) => res.destroy(error));
      };
    },
  };
}

/** The operation sent as the gateway sends it; a throw is the answer's failure, which the gateway handles. */
function sent(whole: WholeQuery, request: Request, operation: Operation): Promise<LocalAnswer> | undefined {
  try {
    return whole.send(request, operation);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Data alone as Yoga writes it: its own `stringify` (a kept answer's text) or JSON; undefined if that fails. */
function textOf(result: ExecutionResult): string | undefined {
  try {
    return ((result as { stringify?: (value: unknown) => string }).stringify ?? JSON.stringify)(result);
  } catch {
    return undefined;
  }
}

function servedCounter(registry: Registry | undefined): Counter {
  return new Counter({
    name: 'gba_gateway_whole_queries_total',
    help: "Answers the gateway's door for whole queries served: POSTed queries the gateway had sent whole to a subgraph of its process",
    registers: registry ? [registry] : [],
  });
}

/** The media type of the answer, for a request the door may take by its headers; undefined for any other. */
function mediaTypeOf(req: IncomingMessage, endpoint: string): string | undefined {
  const { headers } = req;
  if (req.method !== 'POST' || req.url !== endpoint || headers.origin !== undefined) return;
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return;
  if (!JSON_BODIES.has(headers['content-type'] ?? '')) return;
  const length = Number(headers['content-length']);
  if (!(length > 0 && length <= WHOLE_QUERY_DOOR_MAX_BYTES)) return;
  return MEDIA_TYPES.get(headers.accept);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The body's one operation, when it is a JSON object of a query text and nothing the door does not mirror. */
function operationOf(body: Buffer): Operation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { query, variables, operationName, ...others } = value as Record<string, unknown>;
  if (Object.keys(others).length > 0 || typeof query !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && (typeof operationName !== 'string' || operationName === '')) return undefined;
  return value as Operation;
}
