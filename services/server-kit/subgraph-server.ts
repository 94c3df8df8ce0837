/**
 * A subgraph's Yoga server: GraphQL on `/graphql`, `/healthz`, `/readyz`, `/metrics`, one log line
 * per request, errors masked. Each subgraph runs alone or behind the gateway with the same code.
 */
import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { BaseContext } from '../../schema/builder.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import { principalOf } from '../identity/bearer.js';
import { logOperation } from './logger.js';
import { Metrics } from './metrics.js';
import { RequestIds } from './request-id.js';
import { maskUnexpected, useErrorMasking } from './use-error-masking.js';
import { useMetricsEndpoint } from './use-metrics-endpoint.js';
import { useOperationObserver } from './use-operation-observer.js';
import { usePlainErrors } from './use-plain-errors.js';
import { type ReadinessCheck, useReadiness } from './use-readiness.js';
import { useRequestIdHeader } from './use-request-id-header.js';

export interface SubgraphServerOptions<Context extends BaseContext> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  readonly log: Logger;
  /** Builds the per-request context from the request id and the incoming request. */
  readonly context: (base: BaseContext, request: Request) => Context;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  /** GraphiQL on `/graphql` for browsers. @default true */
  readonly graphiql?: boolean;
  readonly metrics?: Metrics;
  /** Verifies bearer tokens: each subgraph enforces authorization itself, not only the gateway. */
  readonly authenticator: Authenticator;
}

export function createSubgraphServer<Context extends BaseContext>({
  name,
  schema,
  log,
  context,
  readiness,
  graphiql = true,
  metrics = new Metrics({ processMetrics: false }),
  authenticator,
}: SubgraphServerOptions<Context>): YogaServerInstance<Record<string, never>, Context> {
  const ids = new RequestIds();
  const subgraphLog = log.child({ subgraph: name });
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: graphiql ? { title: `GBA Exchange · ${name} subgraph` } : false,
    logging: false,
    maskedErrors: { maskError: maskUnexpected(subgraphLog), isDev: false },
    context: async ({ request }) => {
      const requestId = ids.of(request);
      const principal = await principalOf(request, authenticator);
      return context({ requestId, log: subgraphLog.child({ requestId }), principal }, request);
    },
    plugins: [
      useRequestIdHeader(ids),
      useReadiness({ checks: readiness }),
      useMetricsEndpoint({ metrics }),
      useOperationObserver({
        requestIdOf: (r) => ids.of(r),
        listeners: [(r) => metrics.observe(r), logOperation(subgraphLog)],
      }),
      useErrorMasking({ log: subgraphLog, requestIdOf: (ctx) => (ctx as unknown as BaseContext).requestId }),
      usePlainErrors(),
    ],
  });
}
