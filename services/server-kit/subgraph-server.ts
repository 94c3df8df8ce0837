/**
 * A subgraph's Yoga server: GraphQL on `/graphql`, `/healthz`, `/readyz`, `/metrics`, one log line
 * per request, errors masked. Each subgraph runs alone or behind the gateway with the same code, and
 * defends itself as the gateway does: the same operation limits, and in production no introspection
 * and no "Did you mean …?" suggestions.
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { type FieldNode, GraphQLError, type GraphQLSchema, type ValidationContext } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { BaseContext } from '../../schema/builder.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import { principalOf } from '../identity/bearer.js';
import { personSerializer } from '../shared/personal-text.js';
import { sentByGateway, useGatewayOnly } from './gateway-only.js';
import { handedOverOf, useHandedOverOperations } from './in-process.js';
import { logOperation } from './logger.js';
import { Metrics } from './metrics.js';
import { RequestIds } from './request-id.js';
import { useBodyLimit } from './use-body-limit.js';
import { useBoundedEcho } from './use-bounded-echo.js';
import { maskUnexpected, useErrorMasking } from './use-error-masking.js';
import { useJsonPosts } from './use-json-posts.js';
import { type Limits, SUBGRAPH_LIMITS, useLimits } from './use-limits.js';
import { useMetricsEndpoint } from './use-metrics-endpoint.js';
import { DEFAULT_QUERY, renderOfflineGraphiQL, useGraphiQLAssets } from './use-offline-graphiql.js';
import { useOperationObserver } from './use-operation-observer.js';
import { usePlainErrors } from './use-plain-errors.js';
import { usePlainInputText } from './use-plain-input-text.js';
import { type ReadinessCheck, useReadiness } from './use-readiness.js';
import { useRequestIdHeader } from './use-request-id-header.js';
import { useSpecStatus } from './use-spec-status.js';

/** What every subgraph shares with the gateway's defences; each subgraph's server options carry it. */
export interface SubgraphHardening {
  /** Production: introspection and field suggestions off. @default false */
  readonly production?: boolean;
  /** Operation limits; SUBGRAPH_LIMITS by default (services/server-kit/use-limits.ts). */
  readonly limits?: Partial<Limits>;
  /** Set, `/graphql` answers only requests carrying it, i.e. the gateway's (gateway-only.ts). */
  readonly gatewaySecret?: string;
}

export interface SubgraphServerOptions<Context extends BaseContext> extends SubgraphHardening {
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
  /** The subgraph's own plugins, after the shared ones (e.g. its response cache). */
  readonly plugins?: readonly Plugin[];
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
  production = false,
  limits,
  gatewaySecret,
  plugins = [],
}: SubgraphServerOptions<Context>): YogaServerInstance<Record<string, never>, Context> {
  // Behind the gateway's secret, only the gateway's requests carry its request id. A subgraph run
  // open (tests; `gba start` always has a secret) cannot tell the gateway from a caller: it takes an
  // id of the platform's shape from anyone (request-id.ts).
  const ids = new RequestIds({ fromGateway: gatewaySecret ? sentByGateway(gatewaySecret) : () => true });
  // A resident a subgraph's log line names (`person`) is the connectors' keyed pseudonym of them.
  const subgraphLog = log.child({ subgraph: name }, { serializers: { person: personSerializer(gatewaySecret) } });
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // Only the gateway calls a subgraph (server to server): Yoga's default CORS would reflect any
    // browser Origin with credentials, in production too, so a subgraph sends no CORS headers at all.
    cors: false,
    graphiql: graphiql ? { title: `GBA Exchange · ${name} subgraph`, defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL: renderOfflineGraphiQL,
    logging: false,
    // useBodyLimit below instead: Yoga's own limit pipes every body through a counting stream, even
    // one whose declared length Node's HTTP parser already holds it to (a tenth of a cached answer's CPU).
    maxRequestBodySize: false,
    maskedErrors: { maskError: maskUnexpected(subgraphLog), isDev: false },
    context: async (initial) => {
      const { request } = initial;
      // A hand-over of the gateway of this process comes with the ids the gateway answers it under.
      const requestId = handedOverOf(initial)?.identity.id ?? ids.of(request);
      const principal = await principalOf(request, authenticator);
      return context({ requestId, log: subgraphLog.child({ requestId }), principal }, request);
    },
    plugins: [
      ...(gatewaySecret ? [useGatewayOnly({ secret: gatewaySecret })] : []),
      useBodyLimit(),
      useJsonPosts(),
      // The gateway of this process hands its one-fetch operations over without a body (in-process.ts).
      useHandedOverOperations(),
      useLimits({ ...SUBGRAPH_LIMITS, ...limits }),
      ...(production ? [blockFieldSuggestionsPlugin(), useNoIntrospection()] : []),
      useRequestIdHeader(ids),
      useReadiness({ checks: readiness }),
      useMetricsEndpoint({ metrics }),
      ...(graphiql ? [useGraphiQLAssets()] : []),
      useOperationObserver({
        requestIdOf: (r) => ids.of(r),
        clientRequestIdOf: (r) => ids.clientIdOf(r),
        listeners: [(r) => metrics.observe(r), logOperation(subgraphLog)],
      }),
      useErrorMasking({
        log: subgraphLog,
        requestIdOf: (ctx) => (ctx as unknown as BaseContext).requestId,
        hideSuggestions: production,
      }),
      useBoundedEcho(),
      usePlainErrors(),
      useSpecStatus(),
      usePlainInputText(),
      ...plugins,
    ],
  });
}

/**
 * Introspection refused at validation (`__schema`, `__type`); `_service { sdl }` stays for the gateway.
 * A rule of our own: graphql-js's NoSchemaIntrospectionCustomRule checks types with `instanceof`, which
 * fails when Yoga validates with the other build (CommonJS or ESM) of graphql-js.
 */
function useNoIntrospection(): Plugin {
  const rule = (context: ValidationContext) => ({
    Field(node: FieldNode) {
      const name = node.name.value;
      if (name === '__schema' || name === '__type')
        context.reportError(
          new GraphQLError(`GraphQL introspection is disabled here, and the query asks for "${name}".`, {
            nodes: node,
          }),
        );
    },
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
