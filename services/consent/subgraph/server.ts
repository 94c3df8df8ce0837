import type { Logger } from 'pino';
import type { GraphStore } from '../../graph/graph-store.port.js';
import type { Authenticator } from '../../identity/authenticator.port.js';
import { createSubgraphServer } from '../../server-kit/subgraph-server.js';
import type { AuditLog } from '../audit/audit-log.port.js';
import type { ReceiptSigner } from '../receipts.js';
import type { ConsentContext } from './context.js';
import { consentSchema } from './index.js';

export interface ConsentServerOptions {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly receipts: ReceiptSigner;
  readonly log: Logger;
  readonly authenticator: Authenticator;
  readonly graphiql?: boolean;
  readonly now?: () => Date;
}

/** The consent subgraph: residents' consents with signed receipts, their data accesses, the auditors' trail. */
export function createConsentServer({
  store,
  audit,
  receipts,
  log,
  authenticator,
  graphiql,
  now = () => new Date(),
}: ConsentServerOptions) {
  return createSubgraphServer<ConsentContext>({
    name: 'consent',
    schema: consentSchema(),
    log,
    graphiql,
    authenticator,
    context: (base) => ({ ...base, store, audit, receipts, now }),
    readiness: { 'graph store': () => store.ping() },
  });
}
