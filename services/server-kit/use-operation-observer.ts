/**
 * Watches each GraphQL request from arrival to response and reports one OperationRecord: the
 * operation name, duration, error codes, HTTP status and request id. Metrics and the request log
 * are two listeners of the same record.
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
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
}

export function useOperationObserver({
  requestIdOf,
  clientRequestIdOf = () => null,
  listeners,
}: OperationObserverOptions): Plugin {
  const observations = new WeakMap<Request, Observation>();
  return {
    onRequest({ request }) {
      observations.set(request, { startedAt: performance.now(), errorCodes: [], graphql: false });
    },
    onParams({ request, params }) {
      const o = observations.get(request);
      if (!o) return;
      o.graphql = true;
      o.operationName ??= params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const o = request && observations.get(request);
      if (o && !o.operationName) o.operationName = getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onExecutionResult({ request, result }) {
      const o = observations.get(request);
      if (!o || !result || Symbol.asyncIterator in result) return;
      for (const error of result.errors ?? []) {
        const code = error.extensions?.code;
        o.errorCodes.push(typeof code === 'string' ? code : 'BAD_USER_INPUT');
      }
    },
    onResponse({ request, response }) {
      const o = observations.get(request);
      if (!o?.graphql) return;
      const record: OperationRecord = {
        operationName: o.operationName,
        durationMs: performance.now() - o.startedAt,
        errorCodes: [...new Set(o.errorCodes)],
        status: response.status,
        requestId: requestIdOf(request),
        clientRequestId: clientRequestIdOf(request),
      };
      for (const listener of listeners) listener(record);
    },
  };
}
