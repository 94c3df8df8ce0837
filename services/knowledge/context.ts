import DataLoader from 'dataloader';
import type { BaseContext } from '../../schema/builder.js';
import type { Jurisdiction, Service } from '../../schema/domain/index.js';
import type { GraphStore } from '../graph/graph-store.port.js';

export interface KnowledgeLoaders {
  readonly service: DataLoader<string, Service | null>;
  readonly jurisdiction: DataLoader<string, Jurisdiction | null>;
}

export interface KnowledgeContext extends BaseContext {
  readonly store: GraphStore;
  readonly loaders: KnowledgeLoaders;
}

/** Per-request loaders: every relation is fetched in one store call per label and tick, never per row. */
export function createLoaders(store: GraphStore): KnowledgeLoaders {
  return {
    service: new DataLoader((ids) => store.getByIds('Service', ids)),
    jurisdiction: new DataLoader((ids) => store.getByIds('Jurisdiction', ids)),
  };
}
