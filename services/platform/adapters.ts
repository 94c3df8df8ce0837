/**
 * The composition root's adapter choice: the only place that names concrete adapters. Everything
 * else receives ports. (dependency-cruiser enforces this; see .dependency-cruiser.cjs.) The Neo4j and
 * Kafka adapters are imported only when configured, so the embedded platform never loads
 * neo4j-driver or kafkajs (start-up time and idle memory).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  addPartnerKey,
  loadOrCreateDevPartnerKeys,
  loadPartnerKeys,
  type PartnerKeyring,
  retirePartnerKey,
  watchPartnerKeys,
} from '../../connectors/partners/partner-keys.js';
import type { DrainDeps } from '../../connectors/pipeline/drain.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import type { EventTransport } from '../../connectors/transport/event-transport.port.js';
import type { AuditLog } from '../consent/audit/audit-log.port.js';
import { GroupCommitAuditLog } from '../consent/audit/group-commit.js';
import { SqliteAuditLog } from '../consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner, type ReceiptSigner } from '../consent/receipts.js';
import type { GraphHistory, GraphStore } from '../graph/graph-store.port.js';
import { graphHistory } from '../graph/sqlite/history.js';
import { SqliteGraphStore } from '../graph/sqlite/sqlite-graph-store.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import { CachingAuthenticator } from '../identity/caching-authenticator.js';
import { loadOrCreateClientSecrets, loadOrCreateSigningKey } from '../identity/dev-idp/keys.js';
import { createDevIdp } from '../identity/dev-idp/server.js';
import { API_AUDIENCE, allUsers } from '../identity/identities.js';
import { KeycloakAuthenticator } from '../identity/keycloak/keycloak-authenticator.js';
import { consoleClient } from '../identity/public-client.js';
import type { LanguageModel } from '../knowledge/assistant/language-model.port.js';
import { OpenAiCompatibleModel } from '../knowledge/assistant/openai-compatible.js';
import { loadOrCreateGatewaySecret } from '../server-kit/gateway-only.js';
import { listen, type RunningServer } from '../server-kit/http-server.js';
import type { Config } from './config.js';
import type { Step } from './progress.js';

export async function openGraphStore(graph: Config['graph']): Promise<GraphStore> {
  switch (graph.engine) {
    case 'sqlite':
      return new SqliteGraphStore({ path: graph.path, cacheEntries: graph.cacheEntries });
    case 'neo4j': {
      const { Neo4jGraphStore } = await import('../graph/neo4j/neo4j-graph-store.js');
      return new Neo4jGraphStore(graph);
    }
  }
}

export interface Identity {
  readonly authenticator: Authenticator;
  /** Keycloak's base URL (the realm is under `/realms/<realm>`). */
  readonly serverUrl: string;
  /** The dev identity provider, when this process runs it. */
  readonly devIdp?: RunningServer;
}

/**
 * The identity provider: the configured Keycloak, or the dev identity provider started here, its
 * console client accepting the gateway origins `consoleOrigins` holds when a request comes.
 */
export async function startIdentity(
  config: Config,
  personIds: readonly string[],
  consoleOrigins: ReadonlySet<string> = new Set(),
): Promise<Identity> {
  let devIdp: RunningServer | undefined;
  let serverUrl = config.keycloakUrl;
  if (!serverUrl) {
    const dir = join(config.dataDir, 'idp');
    const key = await loadOrCreateSigningKey(dir);
    let handler: ReturnType<typeof createDevIdp> | undefined;
    devIdp = await listen({ handler: (req, res) => handler?.(req, res), host: config.host, port: config.ports.idp });
    serverUrl = devIdp.url;
    handler = createDevIdp({
      baseUrl: serverUrl,
      realm: config.keycloakRealm,
      key,
      users: allUsers(personIds),
      clientSecrets: loadOrCreateClientSecrets(dir),
      publicClients: () => [consoleClient([...consoleOrigins])],
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    });
  }
  // Verified once per token and process (until its expiry): the gateway and each subgraph would
  // otherwise verify the same token at every request.
  const authenticator = new CachingAuthenticator(
    new KeycloakAuthenticator({ serverUrl, realm: config.keycloakRealm, audience: API_AUDIENCE }),
  );
  return { authenticator, serverUrl, ...(devIdp ? { devIdp } : {}) };
}

/** A partner client's secret as the dev identity provider generated it (no secret exists for real Keycloak here). */
export function devClientSecret(config: Config, clientId: string): string | undefined {
  if (config.keycloakUrl) return undefined;
  return loadOrCreateClientSecrets(join(config.dataDir, 'idp'))[clientId];
}

/** Where the identity provider answers: the configured Keycloak, or the dev provider `gba start` runs. */
export function identityUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return config.keycloakUrl ?? `http://${host}:${config.ports.idp}`;
}

/**
 * The audit log: an append-only, hash-chained SQLite file in DATA_DIR, or the chain on Neo4j. Either
 * way appends made while one is in flight go out together (group commit).
 */
export async function openAuditLog(config: Config, log?: Logger): Promise<AuditLog> {
  // With the graph on Neo4j, the platform runs as many replicas: they share one chain there.
  const inner =
    config.graph.engine === 'neo4j'
      ? new (await import('../consent/audit/neo4j/neo4j-audit-log.js')).Neo4jAuditLog(config.graph)
      : new SqliteAuditLog({
          path: join(config.dataDir, 'audit.db'),
          onCheckpointFallback: (reason) =>
            log?.warn({ reason }, 'audit log: the checkpoint worker failed; SQLite checkpoints in the writer again'),
        });
  return new GroupCommitAuditLog(inner);
}

/**
 * What the embedded graph store records that the platform did after seeding (graphHistory: read only,
 * nothing created or migrated), beside the data set's consent ids; null on Neo4j, which it does not read.
 */
export function embeddedGraphHistory(graph: Config['graph'], seededConsents: ReadonlySet<string>): GraphHistory | null {
  return graph.engine === 'sqlite' ? graphHistory(graph.path, seededConsents) : null;
}

/** Kafka when `KAFKA_BROKERS` is set, else the embedded log in `DATA_DIR/events.db`. */
/**
 * The consent receipts' signer, from DATA_DIR/receipts (`gba keys receipts` makes the key; the first
 * start does too): every door that changes a consent (API, partner events, seeding) signs with it.
 */
export function openReceiptSigner(config: Pick<Config, 'dataDir'>): ReceiptSigner {
  return loadReceiptSigner(join(config.dataDir, 'receipts'));
}

/**
 * The deployment's secret: GATEWAY_SECRET, or in development `DATA_DIR/gateway-secret` (made on first
 * start). Subgraphs ask it of the gateway; the connectors' log pseudonyms are keyed with a key derived from it.
 */
export function openDeploymentSecret(config: Pick<Config, 'dataDir' | 'gatewaySecret'>): string {
  return config.gatewaySecret ?? loadOrCreateGatewaySecret(join(config.dataDir, 'gateway-secret'));
}

export async function openTransport(config: Config): Promise<EventTransport> {
  if (config.kafkaBrokers) {
    const { KafkaTransport } = await import('../../connectors/transport/kafka/kafka-transport.js');
    return new KafkaTransport({ brokers: config.kafkaBrokers, clientId: 'gba-exchange' });
  }
  return new SqliteEventLog({ path: join(config.dataDir, 'events.db') });
}

/**
 * The partner systems' keys every inbound event is checked against: PARTNER_KEYS_FILE, else the dev
 * twin's `DATA_DIR/partners/keys.json`, generated on first start (`gba ingest --sign` signs with it).
 */
export function openPartnerKeys(config: Pick<Config, 'dataDir' | 'partnerKeysFile'>): PartnerKeyring {
  return config.partnerKeysFile
    ? loadPartnerKeys(config.partnerKeysFile)
    : loadOrCreateDevPartnerKeys(devPartnerKeysFile(config));
}

/**
 * The keyring the pipeline checks with: `openPartnerKeys`, read again each batch the file changed, so
 * `gba keys partner-retire` (and `partner-add`) take effect in a running platform without a restart.
 */
export function livePartnerKeys(config: Pick<Config, 'dataDir' | 'partnerKeysFile'>, log?: Logger): PartnerKeyring {
  const file = config.partnerKeysFile ?? devPartnerKeysFile(config);
  return watchPartnerKeys(file, openPartnerKeys(config), (error) =>
    log?.error({ err: error, file }, 'the partner keyring could not be read again; the last one read still holds'),
  );
}

/** The keyring as it is, for showing (`gba partners`): null while the dev twin has made none yet. */
export function existingPartnerKeys(config: Pick<Config, 'dataDir' | 'partnerKeysFile'>): PartnerKeyring | null {
  if (config.partnerKeysFile) return loadPartnerKeys(config.partnerKeysFile);
  const file = devPartnerKeysFile(config);
  return existsSync(file) ? loadPartnerKeys(file) : null;
}

/** Where the dev twin keeps the partner keys it generates. */
export const devPartnerKeysFile = (config: Pick<Config, 'dataDir'>): string =>
  join(config.dataDir, 'partners', 'keys.json');

/**
 * A rotation's steps on the configured keyring (`gba keys partner-add`, `partner-retire`): a new key
 * for a system (its file path and the new id), or a key retired now (the file and its system).
 */
export const partnerKeyRotation = (config: Pick<Config, 'dataDir' | 'partnerKeysFile'>) => {
  const file = config.partnerKeysFile ?? devPartnerKeysFile(config);
  return {
    file,
    add: (source: string) => {
      openPartnerKeys(config);
      return addPartnerKey(file, source);
    },
    retire: (id: string, at: Date) => {
      openPartnerKeys(config);
      return retirePartnerKey(file, id, at);
    },
  };
};

/** What the pipeline runs on, opened from the configuration; `close` closes its engines. */
export interface Pipeline extends DrainDeps {
  readonly logKey: string;
  close(): Promise<void>;
}

const untimed: Step = (_done, run) => run();

/**
 * The pipeline's dependencies, for the platform's connectors and the operators' replays, `gba ingest`
 * and `gba dlq replay` alike: the graph store, the audit log and the event transport, the receipts'
 * signer, the deployment's secret keying the connectors' log pseudonyms, the door's limits, the
 * partner systems' keys. `step`
 * reports each engine opened (`gba start`). Engines opened before one that fails are closed.
 */
export async function openPipeline(config: Config, log: Logger, step: Step = untimed): Promise<Pipeline> {
  const opened: { close(): Promise<void> }[] = [];
  // Last opened first, each once (a second call closes nothing), every one even when another's close
  // throws; the first such error is thrown once all are closed.
  const close = async () => {
    let failed: { error: unknown } | undefined;
    for (const engine of opened.splice(0).reverse())
      await engine.close().catch((error: unknown) => {
        failed ??= { error };
      });
    if (failed) throw failed.error;
  };
  const open = async <T extends { close(): Promise<void> }>(done: string, run: () => Promise<T>): Promise<T> => {
    const engine = await step(done, run);
    opened.push(engine);
    return engine;
  };
  try {
    const store = await open(`opened the graph store (${config.graph.engine})`, () => openGraphStore(config.graph));
    const audit = await open('opened the audit log', () => openAuditLog(config, log));
    const transport = await open('opened the event transport', () => openTransport(config));
    const receipts = openReceiptSigner(config);
    // Said at start: which keys decide who may speak as which partner system.
    const partnerKeys = await step(
      config.partnerKeysFile
        ? `read the partner systems' keys (${config.partnerKeysFile})`
        : `read the partner systems' keys (dev twin, made on first start: ${devPartnerKeysFile(config)})`,
      async () => livePartnerKeys(config, log),
    );
    return {
      partnerKeys,
      store,
      audit,
      transport,
      receipts,
      log,
      logKey: openDeploymentSecret(config),
      limits: config.eventLimits,
      close,
    };
  } catch (error) {
    // The engine that failed to open is the error to report, not one that then failed to close.
    await close().catch((closing: unknown) =>
      log.warn({ err: closing }, 'an engine opened before the failure did not close'),
    );
    throw error;
  }
}

/** The assistant's language model when `ASSISTANT_LLM_URL` is set; none otherwise. */
export function openLanguageModel(config: Config): LanguageModel | undefined {
  return config.assistantModel ? new OpenAiCompatibleModel(config.assistantModel) : undefined;
}

/** The dev identity provider's signing key in `DATA_DIR/idp`, created when absent (`gba keys rotate-idp`). */
export async function devIdpSigningKey(dataDir: string): Promise<{ readonly kid: string }> {
  return loadOrCreateSigningKey(join(dataDir, 'idp'));
}
