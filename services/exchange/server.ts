import type { Logger } from 'pino';
import type { AuditLog } from '../consent/audit/audit-log.port.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import type { OperationsDeps } from '../operations/dead-letters.js';
import { createSubgraphServer, type SubgraphHardening } from '../server-kit/subgraph-server.js';
import type { Outbox } from '../shared/outbox.port.js';
import { AnnouncementChannel, AnnouncementDesk } from './announcement-channel.js';
import { type ExchangeContext, exchangeContext } from './context.js';
import { exchangeSchema } from './schema/index.js';

export interface ExchangeServerOptions {
  /** Limits and production mode, as every subgraph has them (server-kit/subgraph-server.ts). */
  readonly hardening?: SubgraphHardening;
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly authenticator: Authenticator;
  readonly graphiql?: boolean;
  /** The clock consent decisions are made at. @default the wall clock */
  readonly now?: () => Date;
  /** Where announcements tell the other side (the composition root wires the connectors'). */
  readonly outbox: Outbox;
  /** Where published announcements go; one of its own (no other listener) over `outbox` by default. */
  readonly announcements?: AnnouncementDesk;
  /** The transport, graph and audit log the operators' API reads and replays through. */
  readonly operations?: OperationsDeps;
}

/** The exchange subgraph: cases (personal data released under the consent rule) and announcements. */
export function createExchangeServer({
  store,
  audit,
  log,
  authenticator,
  hardening = {},
  graphiql,
  now = () => new Date(),
  outbox,
  announcements = new AnnouncementDesk({ store, channel: new AnnouncementChannel(), outbox }),
  operations,
}: ExchangeServerOptions) {
  return createSubgraphServer<ExchangeContext>({
    name: 'exchange',
    schema: exchangeSchema(),
    log,
    graphiql,
    authenticator,
    ...hardening,
    context: (base) => ({
      ...exchangeContext(base, { store, audit, now, announcements }),
      operations,
    }),
    readiness: { 'graph store': () => store.ping() },
  });
}
