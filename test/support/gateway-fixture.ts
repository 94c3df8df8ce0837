/**
 * The real stack for in-process gateway tests: a seeded SQLite store, the knowledge subgraph on a real
 * HTTP port, and the gateway composed over it, called with `gateway.fetch`.
 */

import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { EVENT_TYPES, PARTNERS } from '../../connectors/partners/catalogue.js';
import type { PartnerKeyring } from '../../connectors/partners/partner-keys.js';
import { connectorsEventDesk } from '../../connectors/pipeline/event-desk.js';
import { connectorsOutbox } from '../../connectors/pipeline/outbox.js';
import type { EventTransport } from '../../connectors/transport/event-transport.port.js';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner, type ReceiptSigner } from '../../services/consent/receipts.js';
import { createConsentServer } from '../../services/consent/subgraph/server.js';
import { createExchangeServer } from '../../services/exchange/server.js';
import { composeSupergraph, fetchSubgraphSdl } from '../../services/gateway/compose.js';
import { createGateway, type GatewayOptions, secretHeaderFor } from '../../services/gateway/gateway.js';
import type { GraphStore } from '../../services/graph/graph-store.port.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { API_AUDIENCE, REALM } from '../../services/identity/identities.js';
import { KeycloakAuthenticator } from '../../services/identity/keycloak/keycloak-authenticator.js';
import { createKnowledgeServer } from '../../services/knowledge/server.js';
import { EventTraffic } from '../../services/operations/event-traffic.js';
import { listen, type RunningServer } from '../../services/server-kit/http-server.js';
import { inProcess } from '../../services/server-kit/in-process.js';
import { Metrics } from '../../services/server-kit/metrics.js';
import type { SubgraphHardening } from '../../services/server-kit/subgraph-server.js';
import { type DevIdpFixture, startDevIdp } from './dev-idp-fixture.js';
import { captureLogs } from './logs.js';
import { devPartnerKeys } from './partner-signing.js';
import { tempDir } from './temp-dir.js';

export interface GatewayFixture {
  readonly gateway: ReturnType<typeof createGateway>;
  readonly store: GraphStore;
  readonly knowledge: RunningServer;
  readonly exchange: RunningServer;
  readonly audit: AuditLog;
  readonly receipts: ReceiptSigner;
  /** The partner systems' keys the connectors a test runs check against (signedBinary signs with them). */
  readonly partnerKeys: PartnerKeyring;
  /** The connectors' counts, in the gateway's /metrics registry: pass it to the connectors a test runs. */
  readonly traffic: EventTraffic;
  readonly logs: () => Record<string, unknown>[];
  readonly log: Logger;
  readonly idp: DevIdpFixture;
  readonly consent: RunningServer;
  /** POSTs a GraphQL request to the gateway in-process. */
  query(
    query: string,
    init?: { variables?: Record<string, unknown>; headers?: Record<string, string>; operationName?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** A store of the test's own (left unseeded); a seeded SQLite store by default. */
  readonly store?: GraphStore;
  /** The clock consent decisions are made at. @default 2026-03-01T12:00:00+08:00 */
  readonly now?: () => Date;
  /** The transport the operators' API reads and replays through; none by default. */
  readonly transport?: EventTransport;
  /** An audit log of the test's own; a SQLite file by default. */
  readonly audit?: AuditLog;
  /** Gateway options beyond the fixture's (production mode, limits, batching). */
  readonly gateway?: Pick<
    GatewayOptions,
    'production' | 'limits' | 'maxBatch' | 'persistedOperations' | 'local' | 'console' | 'corsOrigins' | 'ownOrigins'
  >;
  /** Every subgraph's hardening (production mode, limits, the gateway's secret, which the gateway then sends). */
  readonly hardening?: SubgraphHardening;
  /**
   * The gateway calls the subgraphs in memory, as `gba start` does (server-kit/in-process.ts); they
   * still listen for direct calls. @default false (over HTTP, as to subgraphs of other processes)
   */
  readonly inProcess?: boolean;
}

/** A fixed clock: the sample consents' states are known at it (some active, some expired or revoked). */
export const FIXTURE_NOW = new Date('2026-03-01T12:00:00+08:00');

/** The gateway over the SQLite store and audit log that `gba` commands on `dataDir` use (its gba.db, audit.db). */
export const gatewayOver = (dataDir: string, now: () => Date): Promise<GatewayFixture> =>
  startGatewayFixture({
    store: new SqliteGraphStore({ path: join(dataDir, 'gba.db') }),
    audit: new SqliteAuditLog({ path: join(dataDir, 'audit.db') }),
    now,
  });

export async function startGatewayFixture(options: FixtureOptions = {}): Promise<GatewayFixture> {
  const dir = tempDir();
  const { log, lines } = captureLogs();
  const idp = await startDevIdp();
  const authenticator = new KeycloakAuthenticator({ serverUrl: idp.url, realm: REALM, audience: API_AUDIENCE });
  const store = options.store ?? new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  await store.init();
  const receipts = await loadReceiptSigner(join(dir.path, 'receipts'));
  const partnerKeys = devPartnerKeys(dir.path);
  if (!options.store) await seedGraph(store, { receipts });
  const audit = options.audit ?? new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
  const now = options.now ?? (() => FIXTURE_NOW);
  const hardening = options.hardening ?? {};
  // Outbound events are queued in the store's outbox; no connectors run here to publish them.
  const outbox = connectorsOutbox();
  // As in gba start: what connectors run for this fixture count into the gateway's /metrics.
  const metrics = new Metrics();
  const traffic = new EventTraffic({
    registry: metrics.registry,
    partners: PARTNERS.map((p) => p.source),
    types: [...EVENT_TYPES.keys()],
  });
  const handlers = {
    knowledge: createKnowledgeServer({ store, log, authenticator, hardening, outbox }),
    exchange: createExchangeServer({
      store,
      audit,
      log,
      authenticator,
      now,
      hardening,
      outbox,
      ...(options.transport
        ? {
            operations: {
              events: connectorsEventDesk({
                transport: options.transport,
                store,
                audit,
                receipts,
                traffic,
                log,
                partnerKeys,
                // The deployment's secret: the desk's replays are sealed and its drain trusts them (replay-seal.ts).
                logKey: 'gateway-fixture deployment secret',
              }),
              store,
              traffic,
            },
          }
        : {}),
    }),
    consent: createConsentServer({ store, audit, receipts, log, authenticator, now, hardening, outbox }),
  };
  const knowledge = await listen({ handler: handlers.knowledge, host: '127.0.0.1', port: 0 });
  const exchange = await listen({ handler: handlers.exchange, host: '127.0.0.1', port: 0 });
  const consent = await listen({ handler: handlers.consent, host: '127.0.0.1', port: 0 });
  const subgraphs = [
    { name: 'knowledge', url: `${knowledge.url}/graphql` },
    { name: 'exchange', url: `${exchange.url}/graphql` },
    { name: 'consent', url: `${consent.url}/graphql` },
  ];
  const secret = hardening.gatewaySecret
    ? { value: hardening.gatewaySecret, subgraphs: subgraphs.map((s) => s.name) }
    : undefined;
  const definitions = await Promise.all(subgraphs.map((s) => fetchSubgraphSdl(s, {}, secretHeaderFor(secret, s.name))));
  const gateway = createGateway({
    metrics,
    ...(secret ? { gatewaySecret: secret } : {}),
    supergraph: composeSupergraph(definitions),
    subgraphs: definitions,
    log,
    authenticator,
    readiness: { 'graph store': () => store.ping() },
    ...(options.inProcess
      ? {
          local: {
            knowledge: inProcess(handlers.knowledge),
            exchange: inProcess(handlers.exchange),
            consent: inProcess(handlers.consent),
          },
        }
      : {}),
    ...options.gateway,
  });
  return {
    gateway,
    idp,
    store,
    audit,
    knowledge,
    exchange,
    consent,
    receipts,
    partnerKeys,
    traffic,
    log,
    logs: lines,
    query: (query, init = {}) =>
      Promise.resolve(
        gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...init.headers },
          body: JSON.stringify({ query, variables: init.variables, operationName: init.operationName }),
        }),
      ),
    close: async () => {
      await gateway.dispose?.();
      await knowledge.close().catch(() => undefined);
      await exchange.close().catch(() => undefined);
      await consent.close().catch(() => undefined);
      await audit.close();
      await store.close();
      await idp.close();
      dir.remove();
    },
  };
}

/**
 * Registers a development stack and a production one (gateway and subgraphs in production mode),
 * started before the file's tests and closed after them.
 */
export function devAndProductionFixtures(): { dev(): GatewayFixture; production(): GatewayFixture } {
  let dev: GatewayFixture | undefined;
  let production: GatewayFixture | undefined;
  beforeAll(async () => {
    dev = await startGatewayFixture();
    production = await startGatewayFixture({ gateway: { production: true }, hardening: { production: true } });
  });
  afterAll(async () => {
    await dev?.close();
    await production?.close();
  });
  const started = (fixture: GatewayFixture | undefined) => {
    if (!fixture) throw new Error('the fixtures start in beforeAll');
    return fixture;
  };
  return { dev: () => started(dev), production: () => started(production) };
}

export type Answer = {
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
  data: any;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
};

/**
 * `as(who, query, variables)`: the gateway's JSON answer to `who` signed in with a token from the dev
 * identity provider, or to an anonymous caller for null. The fixture is read at call time, since
 * tests start it in beforeAll.
 */
export function answerAs(fixture: () => GatewayFixture) {
  return async (who: string | null, query: string, variables?: Record<string, unknown>): Promise<Answer> => {
    const fx = fixture();
    const headers: Record<string, string> = who ? { authorization: `Bearer ${await fx.idp.token(who)}` } : {};
    return (await fx.query(query, { variables, headers })).json() as Promise<Answer>;
  };
}
