/**
 * `gba start`: the whole platform in one process on the configured engines (embedded by default):
 * the graph store, seeded on first start, the knowledge subgraph and the gateway composed over it.
 */

import type { Logger } from 'pino';
import { EVENT_TYPES, PARTNERS } from '../../connectors/partners/catalogue.js';
import type { EventTransport } from '../../connectors/transport/event-transport.port.js';
import type { AuditLog } from '../consent/audit/audit-log.port.js';
import type { ReceiptSigner } from '../consent/receipts.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import { isEmpty, seedGraph } from '../graph/seed/seed-graph.js';
import { EventTraffic } from '../operations/event-traffic.js';
import type { RunningServer } from '../server-kit/http-server.js';
import { Metrics } from '../server-kit/metrics.js';
import { openPipeline, type Pipeline, startIdentity } from './adapters.js';
import type { Config } from './config.js';
import type { Part } from './parts.js';
import {
  type Running,
  type Startup,
  startConnectorsPart,
  startDesks,
  startGatewayPart,
  startSubgraphs,
} from './platform-parts.js';
import { type Step, type StepReporter, stepsReportedTo } from './progress.js';

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
  const engines = await openPipeline(config, log, step);
  const servers: RunningServer[] = [];
  const running: Running = { connectors: null };
  const close = closer(engines, running, servers);
  try {
    const s = await prepare({ config, log, step, seedDir, only, engines, servers });
    const desks = startDesks(s, running);
    const subgraphs = await startSubgraphs(s, desks);
    if (s.runs('gateway')) await startGatewayPart(s, subgraphs);
    if (s.runs('connectors')) await startConnectorsPart(s, running, desks);
    return { store: engines.store, endpoints: platformEndpoints(s), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Stops what runs (connectors, then servers, the gateway first), then closes the engines. */
function closer(engines: Pipeline, running: Running, servers: RunningServer[]) {
  return async () => {
    running.unmark?.();
    await running.stopFollowing?.();
    await running.connectors?.stop();
    for (const server of servers.reverse()) await server.close();
    await engines.close();
  };
}

/** The schema checked, the sample data set on a first start, the shared pieces, the identity provider. */
async function prepare({
  config,
  log,
  step,
  seedDir,
  only,
  engines,
  servers,
}: Pick<StartOptions, 'config' | 'log' | 'seedDir' | 'only'> & {
  step: Step;
  engines: Pipeline;
  servers: RunningServer[];
}): Promise<Startup> {
  const { close: _close, ...opened } = engines;
  const { store, audit, transport, receipts } = opened;
  await step('graph store schema checked', () => store.init());
  // The connectors count into the gateway's registry: in one process (gba start) /metrics and the
  // operators' view read the same counter.
  const metrics = new Metrics();
  const traffic = new EventTraffic({
    registry: metrics.registry,
    partners: PARTNERS.map((p) => p.source),
    types: [...EVENT_TYPES.keys()],
  });
  // One signer for every door that changes a consent (the API, partner events, the seed), and the
  // secret only the gateway sends, which every part of the platform shares: the pipeline's.
  const pipeline = { ...opened, traffic };
  const gatewaySecret = opened.logKey;
  if (config.seedOnStart) await seedOnFirstStart({ store, receipts, seedDir, step, log });
  const consoleOrigins = new Set<string>(config.publicUrl ? [config.publicUrl] : []);
  const identity = await startIdentityOf(config, store, consoleOrigins, step);
  if (identity.devIdp) servers.push(identity.devIdp);
  return {
    ...{ config, log, step, store, audit, transport, metrics, traffic, receipts, pipeline, identity, consoleOrigins },
    hardening: { production: config.nodeEnv === 'production', gatewaySecret },
    ownSecret: { value: gatewaySecret, subgraphs: ['knowledge', 'exchange', 'consent'] },
    graphiql: config.nodeEnv !== 'production',
    runs: (part: Part) => !only || only.includes(part),
    servers,
    endpoints: [],
  };
}

async function seedOnFirstStart({
  store,
  receipts,
  seedDir,
  step,
  log,
}: {
  store: GraphStore;
  receipts: ReceiptSigner;
  seedDir: string | undefined;
  step: Step;
  log: Logger;
}) {
  if (!(await isEmpty(store))) return;
  const seeded = await step(
    (s: Awaited<ReturnType<typeof seedGraph>>) =>
      `first start: loaded the sample data set (${Object.values(s.counts).reduce((a, b) => a + b, 0)} records)`,
    () => seedGraph(store, { dir: seedDir, receipts }),
  );
  log.info({ counts: seeded.counts }, 'first start: the sample data set was loaded');
}

/** The dev identity provider (knowing every person as a login) or Keycloak. */
async function startIdentityOf(config: Config, store: GraphStore, consoleOrigins: ReadonlySet<string>, step: Step) {
  const persons = await store.list('Person', { first: 10_000 });
  return step(
    (i: Awaited<ReturnType<typeof startIdentity>>) =>
      i.devIdp ? 'dev identity provider listening' : 'Keycloak configured',
    () =>
      startIdentity(
        config,
        persons.map((p) => p.id),
        consoleOrigins,
      ),
  );
}

/** What runs where, the parts' own first, then the stores and the identity provider. */
function platformEndpoints({ config, store, identity, endpoints }: Startup): RunningPlatform['endpoints'] {
  return [
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
  ];
}

function describeStore(config: Config): string {
  return config.graph.engine === 'sqlite' ? `sqlite:${config.graph.path}` : config.graph.url;
}
