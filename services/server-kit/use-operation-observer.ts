/**
 * Watches each GraphQL request from arrival to response and reports one OperationRecord: the
 * operation name, duration, error codes, HTTP status and request id. Metrics and the request log
 * are two listeners of the same record.
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type HandedOver, handedOverOf } from './in-process.js';
import type { OperationRecord } from './metrics.js';

interface Observation {
  readonly startedAt: number;
  operationName?: string;
  readonly errorCodes: string[];
  graphql: boolean;
}

export interface OperationObserverOptions {
  readonly requestIdOf: (request: Request) => string;
  /** The caller's own id, for correlation (request-id.ts). @default none */
  readonly clientRequestIdOf?: (request: Request) => string | null;
  readonly listeners: readonly ((record: OperationRecord) => void)[];
  /** When a request was taken in, if before this server's own door (the gateway's door for whole queries). */
  readonly startedAtOf?: (request: Request) => number | undefined;
}

type Report = (o: Observation, status: number, requestId: string, clientRequestId: string | null) => void;

/** The listeners' record of an observation, once its answer's status is known. */
const reporter =
  (listeners: OperationObserverOptions['listeners']): Report =>
  (o, status, requestId, clientRequestId) => {
    const record: OperationRecord = {
      operationName: o.operationName,
      durationMs: performance.now() - o.startedAt,
      errorCodes: [...new Set(o.errorCodes)],
      status,
      requestId,
      clientRequestId,
    };
    for (const listener of listeners) listener(record);
  };

/**
 * Operations the gateway of this process handed over have no request of their own (in-process.ts):
 * observed from their parameters, reported under the gateway's ids once their answer's status is known.
 * (A batch the gateway got hands each of its operations over with the same request, so by hand-over.)
 */
function handedOverObservations(report: Report) {
  const handedOvers = new WeakMap<HandedOver, Observation>();
  return {
    start(handedOver: HandedOver): Observation {
      const o: Observation = { startedAt: performance.now(), errorCodes: [], graphql: true };
      handedOvers.set(handedOver, o);
      const { id, clientId } = handedOver.identity;
      handedOver.answered.push((status) => report(o, status, id, clientId));
      return o;
    },
    of: (handedOver: HandedOver) => handedOvers.get(handedOver),
  };
}

export function useOperationObserver({
  requestIdOf,
  clientRequestIdOf = () => null,
  listeners,
  startedAtOf,
}: OperationObserverOptions): Plugin {
  const observations = new WeakMap<Request, Observation>();
  const report = reporter(listeners);
  const handedOvers = handedOverObservations(report);
  const observed = (request: Request | undefined, context: unknown): Observation | undefined => {
    const handedOver = handedOverOf(context);
    if (handedOver) return handedOvers.of(handedOver);
    return request && observations.get(request);
  };
  return {
    onRequest({ request }) {
      const startedAt = startedAtOf?.(request) ?? performance.now();
      observations.set(request, { startedAt, errorCodes: [], graphql: false });
    },
    onParams({ request, params, context }) {
      const handedOver = handedOverOf(context);
      const o = handedOver ? handedOvers.start(handedOver) : observations.get(request);
      if (!o) return;
      o.graphql = true;
      o.operationName ??= params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const o = observed((args.contextValue as { request?: Request }).request, args.contextValue);
      if (o && !o.operationName) o.operationName = getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onExecutionResult({ request, result, context }) {
      const o = observed(request, context);
      if (!o || !result || Symbol.asyncIterator in result) return;
      for (const error of result.errors ?? []) {
        const code = error.extensions?.code;
        o.errorCodes.push(typeof code === 'string' ? code : 'BAD_USER_INPUT');
      }
    },
    onResponse({ request, response }) {
      const o = observations.get(request);
      if (!o?.graphql) return;
      report(o, response.status, requestIdOf(request), clientRequestIdOf(request));
    },
  };
}
