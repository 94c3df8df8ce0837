/**
 * The federated gateway (Hive Gateway runtime) over a composed supergraph: `/graphql` with GraphiQL
 * (its files served here, server-kit/use-offline-graphiql.ts), the web console at `/`
 * (use-console.ts), `/healthz`, `/readyz` (every subgraph and the store), `/metrics`, request ids passed on to the
 * subgraphs and returned to the caller, one log line per request, unexpected errors masked.
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { Logger } from 'pino';
import type { Authenticator } from '../identity/authenticator.port.js';
import { GATEWAY_SECRET_HEADER } from '../server-kit/gateway-only.js';
import { logOperation } from '../server-kit/logger.js';
import { Metrics, type OperationRecord } from '../server-kit/metrics.js';
import { CLIENT_REQUEST_ID_HEADER, REQUEST_ID_HEADER, RequestIds } from '../server-kit/request-id.js';
import { useBodyLimit } from '../server-kit/use-body-limit.js';
import { useBoundedEcho } from '../server-kit/use-bounded-echo.js';
import { maskUnexpected, useErrorMasking } from '../server-kit/use-error-masking.js';
import { useJsonPosts } from '../server-kit/use-json-posts.js';
import { type Limits, useLimits } from '../server-kit/use-limits.js';
import { useMetricsEndpoint } from '../server-kit/use-metrics-endpoint.js';
import { DEFAULT_QUERY, renderOfflineGraphiQL, useGraphiQLAssets } from '../server-kit/use-offline-graphiql.js';
import { useOperationObserver } from '../server-kit/use-operation-observer.js';
import { usePlainErrors } from '../server-kit/use-plain-errors.js';
import { type ReadinessCheck, useReadiness } from '../server-kit/use-readiness.js';
import { useRequestIdHeader } from '../server-kit/use-request-id-header.js';
import { useSpecStatus } from '../server-kit/use-spec-status.js';
import type { SubgraphEndpoint } from './compose.js';
import { corsPolicy } from './cors-policy.js';
import { LiteralPathPattern } from './literal-path-pattern.js';
import { type LocalFetch, type LocalSubgraphs, useLocalSubgraphs } from './local-subgraphs.js';
import type { PersistedOperations } from './persisted-operations.js';
import { useAuthentication } from './use-authentication.js';
import { type ConsoleOptions, useConsole } from './use-console.js';
import { useSingleSubgraph } from './use-single-subgraph.js';
import type { WholeQueries } from './whole-queries.js';

export interface GatewayOptions {
  readonly supergraph: string;
  /** With its SDL, a subgraph answers the queries it can answer whole in one fetch (use-single-subgraph.ts). */
  readonly subgraphs: readonly (SubgraphEndpoint & { readonly sdl?: string })[];
  readonly log: Logger;
  /** Checks beyond the subgraphs, e.g. the graph store. */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** @default true */
  readonly graphiql?: boolean;
  readonly metrics?: Metrics;
  readonly authenticator: Authenticator;
  /** Production: introspection off (GraphiQL is off through `graphiql`). @default false */
  readonly production?: boolean;
  /** Operation limits; the rest keep their defaults (services/server-kit/use-limits.ts). */
  readonly limits?: Partial<Limits>;
  /** Operations one HTTP request may batch. @default 10 */
  readonly maxBatch?: number;
  /** Largest request body, in bytes (413 beyond it). @default 1048576 */
  readonly maxBodyBytes?: number;
  /** Allow-list mode: only these operations (by SHA-256) run; unset, any operation may. */
  readonly persistedOperations?: PersistedOperations;
  /** Subgraphs served by this process, by name: called in memory rather than over HTTP (local-subgraphs.ts). */
  readonly local?: LocalSubgraphs;
  /** The web console at `/` (use-console.ts); unset, `/` serves nothing. */
  readonly console?: ConsoleOptions;
  /** CORS_ORIGINS: browser origins answered across origins (with credentials) in any mode (cors-policy.ts). */
  readonly corsOrigins?: readonly string[];
  /**
   * The platform's own origins (PUBLIC_URL, the gateway's address), answered across origins in
   * development only; read at each request. @default http://localhost:4000 and http://127.0.0.1:4000
   */
  readonly ownOrigins?: Iterable<string>;
  /** The secret the platform's own subgraphs ask of the gateway (server-kit/gateway-only.ts), and their names. */
  readonly gatewaySecret?: GatewaySecret;
  /** Told each query sent whole to one subgraph after the gateway's checks (use-single-subgraph.ts). */
  readonly onSentWhole?: (subgraph: string, query: string) => void;
  /**
   * Shared with the door for whole queries in front of this gateway (whole-query-door.ts): the query
   * texts sent whole to a subgraph of this process, the request ids, the requests handed back.
   */
  readonly wholeQueries?: WholeQueries;
}

/** What the gateway reports of each GraphQL request it answers, by any door: its metrics and one log line. */
export function operationListeners(metrics: Metrics, log: Logger): ((record: OperationRecord) => void)[] {
  return [(record) => metrics.observe(record), logOperation(log.child({ component: 'gateway' }))];
}

export interface GatewaySecret {
  readonly value: string;
  /** Only these subgraphs get it: a partner's subgraph must never see it. */
  readonly subgraphs: readonly string[];
}

/** The header carrying the gateway's secret, for a subgraph that is owed it; none for any other. */
export function secretHeaderFor(secret: GatewaySecret | undefined, subgraph: string): Record<string, string> {
  return secret?.subgraphs.includes(subgraph) ? { [GATEWAY_SECRET_HEADER]: secret.value } : {};
}

/**
 * A subgraph is ready when it answers `{ __typename }`: works for ours and for partners' alike. One
 * of this process is asked in memory, the way the gateway calls it.
 */
export function subgraphCheck(
  { url }: SubgraphEndpoint,
  local?: LocalFetch,
  headers: Readonly<Record<string, string>> = {},
): ReadinessCheck {
  const send = local ?? fetch;
  return async () => {
    const response = await send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(2000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  };
}

export function createGateway({
  supergraph,
  subgraphs,
  log,
  readiness = {},
  graphiql = true,
  metrics = new Metrics(),
  authenticator,
  production = false,
  limits,
  maxBatch = 10,
  maxBodyBytes,
  persistedOperations,
  local = {},
  console: consoleOptions,
  gatewaySecret,
  corsOrigins,
  ownOrigins,
  onSentWhole,
  wholeQueries,
}: GatewayOptions) {
  const ids = wholeQueries?.ids ?? new RequestIds();
  /** What every subgraph fetch carries: the request ids, the caller's token, and for our own the secret. */
  const headersFor = (request: Request, subgraph: string): Record<string, string> => {
    const clientId = ids.clientIdOf(request);
    const headers: Record<string, string> = {
      [REQUEST_ID_HEADER]: ids.of(request),
      ...(clientId ? { [CLIENT_REQUEST_ID_HEADER]: clientId } : {}),
      ...secretHeaderFor(gatewaySecret, subgraph),
    };
    const authorization = request.headers.get('authorization');
    if (authorization) headers.authorization = authorization;
    return headers;
  };
  const withSdl = subgraphs.flatMap((s) => (s.sdl ? [{ name: s.name, url: s.url, sdl: s.sdl }] : []));
  const localByUrl = new Map<string, LocalFetch>();
  for (const s of subgraphs) {
    const inMemory = local[s.name];
    if (inMemory) localByUrl.set(s.url, inMemory.fetch);
  }
  const gatewayLog = log.child({ component: 'gateway' });
  const checks = {
    ...readiness,
    ...Object.fromEntries(
      subgraphs.map((s) => [
        `subgraph ${s.name}`,
        subgraphCheck(s, local[s.name]?.fetch, secretHeaderFor(gatewaySecret, s.name)),
      ]),
    ),
  };
  return createGatewayRuntime({
    supergraph,
    // Literal paths matched as such, not through urlpattern-polyfill at every request (literal-path-pattern.ts).
    fetchAPI: { URLPattern: LiteralPathPattern as never },
    logging: false,
    requestId: false,
    landingPage: false,
    graphiql: graphiql ? { title: 'GBA Exchange GraphiQL', defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL: renderOfflineGraphiQL,
    healthCheckEndpoint: '/healthz',
    maskedErrors: { maskError: maskUnexpected(gatewayLog), isDev: false },
    batching: { limit: maxBatch },
    // Never Yoga's default, which reflects any Origin with credentials.
    cors: corsPolicy({ listed: corsOrigins, ...(ownOrigins ? { own: ownOrigins } : {}), production }),
    ...(persistedOperations
      ? {
          persistedDocuments: {
            getPersistedOperation: (key: string) => persistedOperations.get(key) ?? null,
            allowArbitraryDocuments: false,
            customErrors: {
              notFound: {
                message: 'PersistedQueryNotFound',
                extensions: { code: 'BAD_USER_INPUT', http: { status: 404 } },
              },
              persistedQueryOnly: {
                message: 'Only persisted operations run here: send extensions.persistedQuery.sha256Hash',
                extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
              },
              keyNotFound: {
                message: 'PersistedQueryKeyNotFound',
                extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
              },
            },
          },
        }
      : {}),
    ...(production ? { disableIntrospection: {} } : {}),
    propagateHeaders: { fromClientToSubgraphs: ({ request, subgraphName }) => headersFor(request, subgraphName) },
    plugins: () => [
      useBodyLimit({ bodyOutsideYoga: true, ...(maxBodyBytes === undefined ? {} : { maxBytes: maxBodyBytes }) }),
      // A request the door handed back takes its ids before any plugin asks them, and after the body
      // limit's onRequest, which replaces a POST of declared length by one without its body: keyed by
      // the request before it, the door's answer was never found, so the subgraph ran (and audited) twice.
      ...(wholeQueries ? [wholeQueries.plugin()] : []),
      useJsonPosts(),
      useLimits(limits),
      // "Did you mean …?" would map the schema for someone who may not introspect it.
      blockFieldSuggestionsPlugin(),
      useRequestIdHeader(ids),
      useAuthentication({ authenticator }),
      useReadiness({ checks }),
      useMetricsEndpoint({ metrics }),
      ...(graphiql ? [useGraphiQLAssets()] : []),
      ...(consoleOptions ? [useConsole(consoleOptions)] : []),
      useOperationObserver({
        requestIdOf: (r) => ids.of(r),
        clientRequestIdOf: (r) => ids.clientIdOf(r),
        listeners: operationListeners(metrics, log),
        ...(wholeQueries ? { startedAtOf: (r: Request) => wholeQueries.startedAtOf(r) } : {}),
      }),
      useErrorMasking({
        log: gatewayLog,
        requestIdOf: (ctx) => ids.of((ctx as { request: Request }).request),
        hideSuggestions: production,
      }),
      useBoundedEcho(),
      usePlainErrors(),
      useSpecStatus(),
      // Last: the plugins above see its answers as they see planned ones.
      useLocalSubgraphs(localByUrl),
      ...(withSdl.length > 0
        ? [
            useSingleSubgraph({
              ...{ subgraphs: withSdl, headersFor, local },
              identityOf: (request) => ({ id: ids.of(request), clientId: ids.clientIdOf(request) }),
              ...(onSentWhole ? { onSentWhole } : {}),
              ...(wholeQueries ? { wholeQueries } : {}),
            }),
          ]
        : []),
    ],
  });
}
