import type { Logger } from 'pino';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { Authenticator } from '../identity/authenticator.port.js';
import { principalOf } from '../identity/bearer.js';
import { createSubgraphServer, type SubgraphHardening } from '../server-kit/subgraph-server.js';
import { useCompiledExecution } from '../server-kit/use-compiled-execution.js';
import { type KeptAnswers, publicResponseCache } from '../server-kit/use-public-response-cache.js';
import type { Outbox } from '../shared/outbox.port.js';
import type { LanguageModel } from './assistant/language-model.port.js';
import { createLoaders, type KnowledgeContext } from './context.js';
import { CooperationDesk } from './cooperation/desk.js';
import { knowledgeSchema } from './schema/index.js';

export interface KnowledgeServerOptions {
  /** Limits and production mode, as every subgraph has them (server-kit/subgraph-server.ts). */
  readonly hardening?: SubgraphHardening;
  readonly store: GraphStore;
  readonly log: Logger;
  readonly graphiql?: boolean;
  readonly authenticator: Authenticator;
  /** The assistant's optional language model (off by default). */
  readonly languageModel?: LanguageModel;
  /** Where cooperation writes tell the other side (the composition root wires the connectors'). */
  readonly outbox: Outbox;
  /** Where cooperation writes go; one of its own over `outbox` by default. */
  readonly cooperation?: CooperationDesk;
  /**
   * Public responses kept (server-kit/use-public-response-cache.ts), where the store can tell when
   * its data changed; 0 turns the cache off. @default 1000
   */
  readonly responseCacheEntries?: number;
}

/**
 * The knowledge subgraph (services, practices, agencies, search, compare, the assistant) over a graph
 * store; with its response cache on, `keptAnswers` reads what the cache keeps (the gateway's door).
 */
export function createKnowledgeServer({
  store,
  log,
  graphiql,
  authenticator,
  hardening = {},
  languageModel,
  outbox,
  cooperation = new CooperationDesk({ store, outbox }),
  responseCacheEntries = 1000,
}: KnowledgeServerOptions) {
  const dataVersion = store.dataVersion?.bind(store);
  const cache =
    dataVersion && responseCacheEntries > 0
      ? publicResponseCache({
          dataVersion,
          verifyCaller: (request) => principalOf(request, authenticator),
          max: responseCacheEntries,
        })
      : undefined;
  const server = createSubgraphServer<KnowledgeContext>({
    name: 'knowledge',
    schema: knowledgeSchema(),
    log,
    graphiql,
    authenticator,
    ...hardening,
    context: (base) => ({
      ...base,
      store,
      cooperation,
      loaders: createLoaders(store),
      ...(languageModel ? { languageModel } : {}),
    }),
    readiness: { 'graph store': () => store.ping() },
    plugins: [
      useCompiledExecution({
        // Once per document and process: which queries run compiled.
        onCompiled: (operationName) => log.info({ subgraph: 'knowledge', operationName }, 'query compiled'),
        onCompileError: (errors) => log.warn({ errors }, 'a query could not be compiled; it runs uncompiled'),
      }),
      ...(cache ? [cache.plugin] : []),
    ],
  });
  const keptAnswers: KeptAnswers | undefined = cache?.answers;
  return Object.assign(server, { keptAnswers });
}
