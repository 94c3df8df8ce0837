import type { Logger } from 'pino';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import { createSubgraphServer } from '../server-kit/subgraph-server.js';
import { createLoaders, type KnowledgeContext } from './context.js';
import { knowledgeSchema } from './schema/index.js';

export interface KnowledgeServerOptions {
  readonly store: GraphStore;
  readonly log: Logger;
  readonly graphiql?: boolean;
  readonly authenticator: Authenticator;
}

/** The knowledge subgraph (services, practices, agencies, search, compare) over a graph store. */
export function createKnowledgeServer({ store, log, graphiql, authenticator }: KnowledgeServerOptions) {
  return createSubgraphServer<KnowledgeContext>({
    name: 'knowledge',
    schema: knowledgeSchema(),
    log,
    graphiql,
    authenticator,
    context: (base) => ({ ...base, store, loaders: createLoaders(store) }),
    readiness: { 'graph store': () => store.ping() },
  });
}
