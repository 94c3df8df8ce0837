/**
 * `gba start`: the whole platform in one process on the configured engines (embedded by default):
 * the graph store, seeded on first start, the knowledge subgraph and the gateway composed over it.
 */

import type { Logger } from 'pino';
import { PARTNERS } from '../../connectors/partners/catalogue.js';
import { type RunningConnectors, startConnectors } from '../../connectors/pipeline/connector.js';
import { connectorsEventDesk } from '../../connectors/pipeline/event-desk.js';
import { connectorsOutbox } from '../../connectors/pipeline/outbox.js';
import type { Announcement } from '../../schema/domain/index.js';
import { createConsentServer } from '../consent/subgraph/server.js';
import { AnnouncementChannel, AnnouncementDesk } from '../exchange/announcement-channel.js';
import { createExchangeServer } from '../exchange/server.js';
import { composeSupergraph, fetchSubgraphSdl, type SubgraphEndpoint } from '../gateway/compose.js';
import { createGateway, operationListeners, secretHeaderFor } from '../gateway/gateway.js';
import { keptAnswerDoor } from '../gateway/kept-answer-door.js';
import type { LocalSubgraph } from '../gateway/local-subgraphs.js';
import { loadPersistedOperations } from '../gateway/persisted-operations.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import { isEmpty, seedGraph } from '../graph/seed/seed-graph.js';
import { CONSOLE_CLIENT } from '../identity/identities.js';
import { CooperationDesk } from '../knowledge/cooperation/desk.js';
import { announcementItem } from '../knowledge/cooperation/feed.js';
import { createKnowledgeServer } from '../knowledge/server.js';
import { EventTraffic } from '../operations/event-traffic.js';
import { healthHandler } from '../server-kit/health-handler.js';
import { listen, type RunningServer } from '../server-kit/http-server.js';
import { type InProcessServer, inProcess } from '../server-kit/in-process.js';
import { Metrics } from '../server-kit/metrics.js';
import type { KeptAnswers } from '../server-kit/use-public-response-cache.js';
import {
  openAuditLog,
  openDeploymentSecret,
  openGraphStore,
  openLanguageModel,
  openReceiptSigner,
  openTransport,
  startIdentity,
} from './adapters.js';
import type { Config } from './config.js';
import type { Part } from './parts.js';
import { type StepReporter, stepsReportedTo } from './progress.js';
import { markRunning } from './running-marker.js';

export interface RunningPlatform {
  /** What runs where, for people: name and URL. */
  readonly endpoints: readonly { readonly name: string; readonly url: string }[];
  readonly store: GraphStore;
  /** Closes the servers (gateway first), then the store. */
  close(): Promise<void>;
}

export type { Part } from './parts.js';

export interface StartOptions {
  readonly config: Config;
  readonly log: Logger;
  /** Run only these parts (each subgraph can run alone); all of them by default. */
  readonly only?: readonly Part[];
  /** Directory of the sample data set; the project's copy by default. */
  readonly seedDir?: string;
  /** Told each start-up step as it is done, with its duration (`gba start` prints them). */
  readonly onStep?: StepReporter;
}

export async function startPlatform({ config, log, seedDir, only, onStep }: StartOptions): Promise<RunningPlatform> {
  const step = stepsReportedTo(onStep);
  const store = await step(`opened the graph store (${config.graph.engine})`, () => openGraphStore(config.graph));
  const audit = await step('opened the audit log', () => openAuditLog(config, log));
  const transport = await step('opened the event transport', () => openTransport(config));
  const servers: RunningServer[] = [];
  let connectors: RunningConnectors | null = null;
  let stopFollowing: (() => unknown) | undefined;
  let unmark: (() => void) | undefined;
  const close = async () => {
    unmark?.();
    await stopFollowing?.();
    await connectors?.stop();
    for (const server of servers.reverse()) await server.close();
    await transport.close();
    await audit.close();
    await store.close();
  };
  try {
    await step('graph store schema checked', () => store.init());
    // The connectors count into the gateway's registry: in one process (gba start) /metrics and the
    // operators' view read the same counter.
    const metrics = new Metrics();
    const traffic = new EventTraffic({ registry: metrics.registry, partners: PARTNERS.map((p) => p.source) });
    // One signer for every door that changes a consent: the API, partner events, the seed.
    const receipts = await openReceiptSigner(config);
    // Every part of the platform, in this process or another, shares the secret only the gateway sends.
    const gatewaySecret = openDeploymentSecret(config);
    // What the pipeline runs on, for the connectors and for the operators' replays alike.
    const pipeline = {
      transport,
      store,
      audit,
      receipts,
      traffic,
      log,
      logKey: gatewaySecret,
      limits: config.eventLimits,
    };
    if (config.seedOnStart && (await isEmpty(store))) {
      const seeded = await step(
        (s: Awaited<ReturnType<typeof seedGraph>>) =>
          `first start: loaded the sample data set (${Object.values(s.counts).reduce((a, b) => a + b, 0)} records)`,
        () => seedGraph(store, { dir: seedDir, receipts }),
      );
      log.info({ counts: seeded.counts }, 'first start: the sample data set was loaded');
    }
    const graphiql = config.nodeEnv !== 'production';
    const hardening = { production: config.nodeEnv === 'production', gatewaySecret };
    const ownSecret = { value: gatewaySecret, subgraphs: ['knowledge', 'exchange', 'consent'] };
    const persons = await store.list('Person', { first: 10_000 });
    // The console's redirect URIs name the gateway's origin, known for sure only once it listens.
    const consoleOrigins = new Set<string>(config.publicUrl ? [config.publicUrl] : []);
    const identity = await step(
      (i: Awaited<ReturnType<typeof startIdentity>>) =>
        i.devIdp ? 'dev identity provider listening' : 'Keycloak configured',
      () =>
        startIdentity(
          config,
          persons.map((p) => p.id),
          consoleOrigins,
        ),
    );
    if (identity.devIdp) servers.push(identity.devIdp);
    const { authenticator } = identity;
    const runs = (part: Part) => !only || only.includes(part);
    const endpoints: { name: string; url: string }[] = [];
    const own: SubgraphEndpoint[] = [];
    // The gateway calls the subgraphs of this process in memory (services/gateway/local-subgraphs.ts).
    const local: Record<string, LocalSubgraph> = {};
    const serve = async (
      name: 'knowledge' | 'exchange' | 'consent',
      handler: Parameters<typeof listen>[0]['handler'] & InProcessServer,
    ) => {
      const server = await step(`${name} subgraph listening`, () =>
        listen({ handler, host: config.host, port: config.ports[name] }),
      );
      servers.push(server);
      own.push({ name, url: `${server.url}/graphql` });
      local[name] = inProcess(handler);
      endpoints.push({ name: `${name} subgraph`, url: `${server.url}/graphql` });
    };
    const languageModel = openLanguageModel(config);
    // Published announcements reach subscribers in this process, from the API and from partner events.
    const channel = new AnnouncementChannel();
    // The platform's own writes queue their outbound events in the connectors' outbox, sent at once.
    const outbox = connectorsOutbox(async () => connectors?.pipeline.flushOutbox());
    const cooperation = new CooperationDesk({ store, outbox });
    // Major announcements are feed items too (`feedUpdated`).
    const majors = channel.subscribe({ importance: 'major' })[Symbol.asyncIterator]();
    stopFollowing = () => majors.return?.();
    void (async () => {
      for (let next = await majors.next(); !next.done; next = await majors.next())
        cooperation.feed.publish(announcementItem(next.value));
    })();
    // What the knowledge subgraph's response cache keeps, for the gateway's door (kept-answer-door.ts).
    let keptAnswers: KeptAnswers | undefined;
    if (runs('knowledge')) {
      const knowledge = createKnowledgeServer({
        store,
        log,
        graphiql,
        authenticator,
        languageModel,
        outbox,
        cooperation,
        hardening,
        responseCacheEntries: config.responseCacheEntries,
      });
      keptAnswers = knowledge.keptAnswers;
      await serve('knowledge', knowledge);
    }
    const announcements = new AnnouncementDesk({
      store,
      channel,
      outbox,
    });
    if (runs('exchange'))
      await serve(
        'exchange',
        createExchangeServer({
          store,
          audit,
          log,
          graphiql,
          authenticator,
          outbox,
          announcements,
          hardening,
          // The operators' API reads the topics and replays dead letters through the platform's transport.
          operations: {
            events: connectorsEventDesk(pipeline),
            store,
            traffic,
          },
        }),
      );
    if (runs('consent'))
      await serve(
        'consent',
        createConsentServer({
          store,
          audit,
          log,
          graphiql,
          authenticator,
          receipts,
          hardening,
          outbox,
        }),
      );
    if (runs('gateway')) {
      // Partner subgraphs from EXTRA_SUBGRAPHS join the platform's own, with no code change here.
      const elsewhere = (['knowledge', 'exchange', 'consent'] as const)
        .filter((name) => !own.some((o) => o.name === name))
        .map((name) => ({
          name,
          url: config.subgraphUrls[name] ?? `http://127.0.0.1:${config.ports[name]}/graphql`,
        }));
      const subgraphs: SubgraphEndpoint[] = [...own, ...elsewhere, ...config.extraSubgraphs];
      const definitions = await step(`read the schemas of ${subgraphs.length} subgraphs`, () =>
        Promise.all(subgraphs.map((sub) => fetchSubgraphSdl(sub, {}, secretHeaderFor(ownSecret, sub.name)))),
      );
      const supergraph = await step('composed the supergraph', async () => composeSupergraph(definitions));
      const persistedOperations = config.persistedOperations
        ? loadPersistedOperations(config.persistedOperations)
        : undefined;
      // Persisted queries whose answers the knowledge subgraph keeps are answered before the gateway.
      const door =
        persistedOperations && keptAnswers
          ? keptAnswerDoor({
              persisted: persistedOperations,
              subgraph: 'knowledge',
              answers: keptAnswers,
              authenticator,
              listeners: operationListeners(metrics, log),
              registry: metrics.registry,
            })
          : undefined;
      const gateway = await step('gateway listening', async () =>
        listen({
          handler: (door?.before ?? ((handler) => handler))(
            createGateway({
              metrics,
              supergraph,
              subgraphs: definitions,
              log,
              graphiql,
              authenticator,
              production: config.nodeEnv === 'production',
              gatewaySecret: ownSecret,
              ...(config.corsOrigins ? { corsOrigins: config.corsOrigins } : {}),
              // The set gains the gateway's own address once it listens (below).
              ownOrigins: consoleOrigins,
              readiness: { 'graph store': () => store.ping() },
              local,
              console: {
                config: {
                  issuer: `${config.keycloakPublicUrl ?? identity.serverUrl}/realms/${config.keycloakRealm}`,
                  clientId: CONSOLE_CLIENT,
                },
              },
              ...(persistedOperations ? { persistedOperations } : {}),
              ...(door ? { onSentWhole: door.sentWhole } : {}),
            }),
          ),
          host: config.host,
          port: config.ports.gateway,
        }),
      );
      servers.push(gateway);
      consoleOrigins.add(gateway.url);
      consoleOrigins.add(gateway.url.replace('//127.0.0.1:', '//localhost:'));
      endpoints.unshift(
        { name: 'web console', url: `${gateway.url}/` },
        { name: 'gateway (GraphQL, GraphiQL)', url: `${gateway.url}/graphql` },
        { name: 'gateway liveness', url: `${gateway.url}/healthz` },
        { name: 'gateway readiness', url: `${gateway.url}/readyz` },
        { name: 'gateway metrics', url: `${gateway.url}/metrics` },
      );
      for (const extra of config.extraSubgraphs)
        endpoints.push({ name: `partner subgraph ${extra.name}`, url: extra.url });
    }
    if (runs('connectors')) {
      // The connectors consume both inbound topics (Kafka, or the embedded log in DATA_DIR/events.db).
      unmark = markRunning(config);
      connectors = await step('connectors consuming the inbound topics', () =>
        startConnectors({
          ...pipeline,
          onApplied: (label, record) => {
            if (label === 'Announcement') channel.publish(record as Announcement);
          },
        }),
      );
      if (config.ports.connectors !== undefined) {
        const health = await listen({
          handler: healthHandler({ 'graph store': () => store.ping() }),
          host: config.host,
          port: config.ports.connectors,
        });
        servers.push(health);
        endpoints.push({ name: 'connectors health (/healthz, /readyz)', url: health.url });
      }
      endpoints.push({
        name: `connectors (${transport.engine}: gba.inbound.hk, gba.inbound.mainland)`,
        url: config.kafkaBrokers ? `kafka://${config.kafkaBrokers.join(',')}` : `sqlite:${config.dataDir}/events.db`,
      });
    }

    return {
      store,
      endpoints: [
        ...endpoints,
        {
          name: 'audit log',
          url: config.graph.engine === 'neo4j' ? describeStore(config) : `sqlite:${config.dataDir}/audit.db`,
        },
        { name: `graph store (${store.engine})`, url: describeStore(config) },
        {
          name: identity.devIdp ? 'dev identity provider (Keycloak realm endpoints)' : 'Keycloak',
          url: `${identity.serverUrl}/realms/${config.keycloakRealm}`,
        },
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function describeStore(config: Config): string {
  return config.graph.engine === 'sqlite' ? `sqlite:${config.graph.path}` : config.graph.url;
}
