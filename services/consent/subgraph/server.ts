import type { Logger } from 'pino';
import type { GraphStore } from '../../graph/graph-store.port.js';
import type { Authenticator } from '../../identity/authenticator.port.js';
import { createSubgraphServer, type SubgraphHardening } from '../../server-kit/subgraph-server.js';
import type { Outbox } from '../../shared/outbox.port.js';
import type { AuditLog } from '../audit/audit-log.port.js';
import type { ReceiptSigner } from '../receipts.js';
import { ConsentRequestDesk } from '../requests/desk.js';
import type { ConsentContext } from './context.js';
import { consentSchema } from './index.js';

export interface ConsentServerOptions {
  /** Limits and production mode, as every subgraph has them (server-kit/subgraph-server.ts). */
  readonly hardening?: SubgraphHardening;
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly receipts: ReceiptSigner;
  readonly log: Logger;
  readonly authenticator: Authenticator;
  readonly graphiql?: boolean;
  readonly now?: () => Date;
  /** Where consent requests' outbound events go (the composition root wires the connectors'). */
  readonly outbox: Outbox;
}

/** The consent subgraph: residents' consents with signed receipts, their data accesses, the auditors' trail. */
export function createConsentServer({
  store,
  audit,
  receipts,
  log,
  authenticator,
  hardening = {},
  graphiql,
  now = () => new Date(),
  outbox,
}: ConsentServerOptions) {
  const requests = new ConsentRequestDesk({ store, audit, receipts, outbox });
  return createSubgraphServer<ConsentContext>({
    name: 'consent',
    schema: consentSchema(),
    log,
    graphiql,
    authenticator,
    ...hardening,
    context: (base) => ({ ...base, store, audit, receipts, now, requests }),
    readiness: { 'graph store': () => store.ping() },
  });
}
