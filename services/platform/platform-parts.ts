/**
 * The parts `startPlatform` (platform.ts) starts, one step each, in order: the desks the subgraphs
 * share, the subgraphs, the gateway in front of them, the connectors. Each reads what the start has
 * prepared (a Startup) and adds its servers and endpoints to it.
 */
import type { Logger } from 'pino';
import { type RunningConnectors, startConnectors } from '../../connectors/pipeline/connector.js';
import type { DrainDeps } from '../../connectors/pipeline/drain.js';
import { connectorsEventDesk } from '../../connectors/pipeline/event-desk.js';
import { connectorsOutbox } from '../../connectors/pipeline/outbox.js';
import type { EventTransport } from '../../connectors/transport/event-transport.port.js';
import type { Announcement, Practice } from '../../schema/domain/index.js';
import type { AuditLog } from '../consent/audit/audit-log.port.js';
import type { ReceiptSigner } from '../consent/receipts.js';
import { createConsentServer } from '../consent/subgraph/server.js';
import { AnnouncementChannel, AnnouncementDesk } from '../exchange/announcement-channel.js';
import { createExchangeServer } from '../exchange/server.js';
import { readBuiltSupergraph, supergraphOf } from '../gateway/built-supergraph.js';
import { fetchSubgraphSdl, type SubgraphEndpoint } from '../gateway/compose.js';
import { createGateway, type GatewaySecret, operationListeners, secretHeaderFor } from '../gateway/gateway.js';
import { type KeptAnswerDoor, keptAnswerDoor } from '../gateway/kept-answer-door.js';
import type { LocalSubgraph } from '../gateway/local-subgraphs.js';
import { loadPersistedOperations, type PersistedOperations } from '../gateway/persisted-operations.js';
import { WholeQueries } from '../gateway/whole-queries.js';
import { WHOLE_QUERY_DOOR_MAX_BYTES, wholeQueryDoor } from '../gateway/whole-query-door.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import { CONSOLE_CLIENT } from '../identity/identities.js';
import { CooperationDesk } from '../knowledge/cooperation/desk.js';
import { announcementItem, practiceItem } from '../knowledge/cooperation/feed.js';
import { createKnowledgeServer } from '../knowledge/server.js';
import type { EventTraffic } from '../operations/event-traffic.js';
import { healthHandler } from '../server-kit/health-handler.js';
import { listen, type RunningServer } from '../server-kit/http-server.js';
import { type InProcessServer, inProcess } from '../server-kit/in-process.js';
import type { Metrics } from '../server-kit/metrics.js';
import type { SubgraphHardening } from '../server-kit/subgraph-server.js';
import type { KeptAnswers } from '../server-kit/use-public-response-cache.js';
import { type Identity, openLanguageModel } from './adapters.js';
import type { Config } from './config.js';
import type { Part } from './parts.js';
import type { Step } from './progress.js';
import { markRunning } from './running-marker.js';

/** What every part of one start shares; `servers` and `endpoints` grow as parts start. */
export interface Startup {
  readonly config: Config;
  readonly log: Logger;
  readonly step: Step;
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly transport: EventTransport;
  readonly metrics: Metrics;
  readonly traffic: EventTraffic;
  readonly receipts: ReceiptSigner;
  /** What the pipeline runs on, for the connectors and for the operators' replays alike. */
  readonly pipeline: DrainDeps;
  readonly hardening: SubgraphHardening;
  readonly ownSecret: GatewaySecret;
  readonly graphiql: boolean;
  readonly identity: Identity;
  /** The console's redirect URIs name the gateway's origin, known for sure only once it listens. */
  readonly consoleOrigins: Set<string>;
  readonly runs: (part: Part) => boolean;
  /** Closed in reverse order on close. */
  readonly servers: RunningServer[];
  readonly endpoints: { name: string; url: string }[];
}

/** What a start leaves running besides its servers, stopped on close. */
export interface Running {
  connectors: RunningConnectors | null;
  stopFollowing?: () => unknown;
  unmark?: () => void;
}

/** What the subgraphs share: the announcement channel, the outbox, the cooperation desk. */
export interface Desks {
  readonly channel: AnnouncementChannel;
  readonly outbox: ReturnType<typeof connectorsOutbox>;
  readonly cooperation: CooperationDesk;
  readonly announcements: AnnouncementDesk;
}

export function startDesks(s: Startup, running: Running): Desks {
  // Published announcements reach subscribers in this process, from the API and from partner events.
  const channel = new AnnouncementChannel();
  // The platform's own writes queue their outbound events in the connectors' outbox, sent at once.
  const outbox = connectorsOutbox(async () => running.connectors?.pipeline.flushOutbox());
  const cooperation = new CooperationDesk({ store: s.store, outbox });
  // Major announcements are feed items too (`feedUpdated`).
  const majors = channel.subscribe({ importance: 'major' })[Symbol.asyncIterator]();
  running.stopFollowing = () => majors.return?.();
  void (async () => {
    for (let next = await majors.next(); !next.done; next = await majors.next())
      cooperation.feed.publish(announcementItem(next.value));
  })();
  const announcements = new AnnouncementDesk({ store: s.store, channel, outbox });
  return { channel, outbox, cooperation, announcements };
}

/** The subgraphs of this process, for the gateway: their endpoints, in-memory doors and kept answers. */
export interface Subgraphs {
  readonly own: SubgraphEndpoint[];
  /** The gateway calls the subgraphs of this process in memory (services/gateway/local-subgraphs.ts). */
  readonly local: Record<string, LocalSubgraph>;
  /** What the knowledge subgraph's response cache keeps, for the gateway's door (kept-answer-door.ts). */
  keptAnswers: KeptAnswers | undefined;
}

export async function startSubgraphs(s: Startup, desks: Desks): Promise<Subgraphs> {
  const started: Subgraphs = { own: [], local: {}, keptAnswers: undefined };
  const { store, audit, log, graphiql, hardening, receipts, traffic } = s;
  const { authenticator } = s.identity;
  const { outbox, cooperation, announcements } = desks;
  if (s.runs('knowledge')) {
    const knowledge = createKnowledgeServer({
      ...{ store, log, graphiql, authenticator, hardening, outbox, cooperation },
      languageModel: openLanguageModel(s.config),
      responseCacheEntries: s.config.responseCacheEntries,
    });
    started.keptAnswers = knowledge.keptAnswers;
    await serve(s, started, 'knowledge', knowledge);
  }
  if (s.runs('exchange')) {
    const exchange = createExchangeServer({
      ...{ store, audit, log, graphiql, authenticator, outbox, announcements, hardening },
      // The operators' API reads the topics and replays dead letters through the platform's transport.
      operations: { events: connectorsEventDesk(s.pipeline, { leaseMs: s.config.dlqLeaseMs }), store, traffic },
    });
    await serve(s, started, 'exchange', exchange);
  }
  if (s.runs('consent')) {
    const consent = createConsentServer({ store, audit, log, graphiql, authenticator, receipts, hardening, outbox });
    await serve(s, started, 'consent', consent);
  }
  return started;
}

async function serve(
  s: Startup,
  started: Subgraphs,
  name: 'knowledge' | 'exchange' | 'consent',
  handler: Parameters<typeof listen>[0]['handler'] & InProcessServer,
): Promise<void> {
  const server = await s.step(`${name} subgraph listening`, () =>
    listen({ handler, host: s.config.host, port: s.config.ports[name] }),
  );
  s.servers.push(server);
  started.own.push({ name, url: `${server.url}/graphql` });
  started.local[name] = inProcess(handler);
  s.endpoints.push({ name: `${name} subgraph`, url: `${server.url}/graphql` });
}

/** The gateway over this process's subgraphs, those elsewhere and partners', behind the kept-answer door. */
export async function startGatewayPart(s: Startup, subgraphs: Subgraphs): Promise<void> {
  const { config } = s;
  const endpoints = subgraphEndpoints(config, subgraphs.own);
  // Those of this process are asked in memory, as the gateway will call them (local-subgraphs.ts).
  const definitions = await s.step(`read the schemas of ${endpoints.length} subgraphs`, () =>
    Promise.all(
      endpoints.map((sub) =>
        fetchSubgraphSdl(sub, {}, secretHeaderFor(s.ownSecret, sub.name), subgraphs.local[sub.name]?.fetch),
      ),
    ),
  );
  const { supergraph } = await s.step(
    ({ built }: ReturnType<typeof supergraphOf>) =>
      built ? 'supergraph: composed by the build from these very schemas' : 'composed the supergraph',
    async () => supergraphOf(definitions, readBuiltSupergraph()),
  );
  const persistedOperations = config.persistedOperations
    ? loadPersistedOperations(config.persistedOperations)
    : undefined;
  const door = doorFor(s, persistedOperations, subgraphs.keptAnswers);
  // In allow-list mode no query comes as text: the door for kept answers serves those asked by hash.
  const wholeQueries = persistedOperations ? undefined : new WholeQueries(WHOLE_QUERY_DOOR_MAX_BYTES);
  const server = await s.step('gateway listening', async () => {
    const gateway = platformGateway(s, {
      ...{ supergraph, definitions, local: subgraphs.local, persistedOperations, door, wholeQueries },
    });
    const handler = wholeQueries ? wholeQueryDoorFor(s, wholeQueries).before(gateway) : gateway;
    return listen({ handler: door ? door.before(handler) : handler, host: config.host, port: config.ports.gateway });
  });
  s.servers.push(server);
  announceGateway(s, server.url);
}

function platformGateway(
  s: Startup,
  {
    supergraph,
    definitions,
    local,
    persistedOperations,
    door,
    wholeQueries,
  }: {
    supergraph: string;
    definitions: Parameters<typeof createGateway>[0]['subgraphs'];
    local: Subgraphs['local'];
    persistedOperations: PersistedOperations | undefined;
    door: KeptAnswerDoor | undefined;
    wholeQueries: WholeQueries | undefined;
  },
) {
  const { config } = s;
  return createGateway({
    ...{ metrics: s.metrics, supergraph, subgraphs: definitions, log: s.log, graphiql: s.graphiql, local },
    authenticator: s.identity.authenticator,
    production: config.nodeEnv === 'production',
    gatewaySecret: s.ownSecret,
    ...(config.corsOrigins ? { corsOrigins: config.corsOrigins } : {}),
    // The set gains the gateway's own address once it listens (announceGateway).
    ownOrigins: s.consoleOrigins,
    readiness: { 'graph store': () => s.store.ping() },
    console: {
      config: {
        issuer: `${config.keycloakPublicUrl ?? s.identity.serverUrl}/realms/${config.keycloakRealm}`,
        clientId: CONSOLE_CLIENT,
      },
    },
    ...(persistedOperations ? { persistedOperations } : {}),
    ...(door ? { onSentWhole: door.sentWhole } : {}),
    ...(wholeQueries ? { wholeQueries } : {}),
  });
}

/** Partner subgraphs from EXTRA_SUBGRAPHS join the platform's own, with no code change here. */
function subgraphEndpoints(config: Config, own: readonly SubgraphEndpoint[]): SubgraphEndpoint[] {
  const elsewhere = (['knowledge', 'exchange', 'consent'] as const)
    .filter((name) => !own.some((o) => o.name === name))
    .map((name) => ({ name, url: config.subgraphUrls[name] ?? `http://127.0.0.1:${config.ports[name]}/graphql` }));
  return [...own, ...elsewhere, ...config.extraSubgraphs];
}

/** Persisted queries whose answers the knowledge subgraph keeps are answered before the gateway. */
function doorFor(
  s: Startup,
  persisted: PersistedOperations | undefined,
  answers: KeptAnswers | undefined,
): KeptAnswerDoor | undefined {
  if (!persisted || !answers) return undefined;
  return keptAnswerDoor({
    ...{ persisted, subgraph: 'knowledge', answers, authenticator: s.identity.authenticator },
    listeners: operationListeners(s.metrics, s.log),
    registry: s.metrics.registry,
  });
}

/** POSTed queries the gateway has sent whole to a subgraph of this process are answered before it. */
function wholeQueryDoorFor(s: Startup, queries: WholeQueries) {
  return wholeQueryDoor({
    ...{ queries, authenticator: s.identity.authenticator },
    listeners: operationListeners(s.metrics, s.log),
    registry: s.metrics.registry,
  });
}

function announceGateway(s: Startup, url: string): void {
  s.consoleOrigins.add(url);
  s.consoleOrigins.add(url.replace('//127.0.0.1:', '//localhost:'));
  s.endpoints.unshift(
    { name: 'web console', url: `${url}/` },
    { name: 'gateway (GraphQL, GraphiQL)', url: `${url}/graphql` },
    { name: 'gateway liveness', url: `${url}/healthz` },
    { name: 'gateway readiness', url: `${url}/readyz` },
    { name: 'gateway metrics', url: `${url}/metrics` },
  );
  for (const extra of s.config.extraSubgraphs)
    s.endpoints.push({ name: `partner subgraph ${extra.name}`, url: extra.url });
}

/** The connectors consume both inbound topics (Kafka, or the embedded log in DATA_DIR/events.db). */
export async function startConnectorsPart(
  s: Startup,
  running: Running,
  { channel, cooperation }: Pick<Desks, 'channel' | 'cooperation'>,
): Promise<void> {
  const { config } = s;
  running.unmark = markRunning(config);
  running.connectors = await s.step('connectors consuming the inbound topics', () =>
    startConnectors({
      ...s.pipeline,
      // What a partner event changed reaches subscribers as the API's writes do: an announcement on
      // announcementPublished (and, major, feedUpdated), a practice's new version on feedUpdated.
      onApplied: (label, record) => {
        if (label === 'Announcement') channel.publish(record as Announcement);
        if (label === 'Practice') cooperation.feed.publish(practiceItem(record as Practice));
      },
    }),
  );
  if (config.ports.connectors !== undefined) {
    const health = await listen({
      handler: healthHandler({ 'graph store': () => s.store.ping() }),
      host: config.host,
      port: config.ports.connectors,
    });
    s.servers.push(health);
    s.endpoints.push({ name: 'connectors health (/healthz, /readyz)', url: health.url });
  }
  s.endpoints.push({
    name: `connectors (${s.transport.engine}: gba.inbound.hk, gba.inbound.mainland)`,
    url: config.kafkaBrokers ? `kafka://${config.kafkaBrokers.join(',')}` : `sqlite:${config.dataDir}/events.db`,
  });
}
