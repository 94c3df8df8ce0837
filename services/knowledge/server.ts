import type { Logger } from 'pino';
import type { GraphStore } from '../graph/graph-store.port.js';
import { createSubgraphServer } from '../server-kit/subgraph-server.js';
import { createLoaders, type KnowledgeContext } from './context.js';
import { knowledgeSchema } from './schema/index.js';

export interface KnowledgeServerOptions {
  readonly store: GraphStore;
  readonly log: Logger;
  readonly graphiql?: boolean;
}

/** The knowledge subgraph (services, practices, agencies, search, compare) over a graph store. */
export function createKnowledgeServer({ store, log, graphiql }: KnowledgeServerOptions) {
  return createSubgraphServer<KnowledgeContext>({
    name: 'knowledge',
    schema: knowledgeSchema(),
    log,
    graphiql,
    context: (base) => ({ ...base, store, loaders: createLoaders(store) }),
    readiness: { 'graph store': () => store.ping() },
  });
}
