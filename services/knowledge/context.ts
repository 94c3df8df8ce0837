import type { BaseContext } from '../../schema/builder.js';
import type { NodeLabel, NodeOf } from '../../schema/domain/index.js';
import type { GraphStore, RelationQuery } from '../graph/graph-store.port.js';
import type { LanguageModel } from './assistant/language-model.port.js';
import { BatchLoader } from './batch-loader.js';
import type { CooperationDesk } from './cooperation/desk.js';

/** Per-request loaders: each relation costs one store call per label and tick, never one per row. */
export interface KnowledgeLoaders {
  byId<L extends NodeLabel>(label: L): BatchLoader<NodeOf<L> | null>;
  /** Ids one relationship away, per (label, type, direction). */
  related(label: NodeLabel, relation: RelationQuery): BatchLoader<string[]>;
}

export interface KnowledgeContext extends BaseContext {
  readonly store: GraphStore;
  readonly loaders: KnowledgeLoaders;
  /** Where officials' cooperation writes go (sharing, adoptions, questions) and the feed's channel. */
  readonly cooperation: CooperationDesk;
  /** Writes the assistant's answers when configured; the retrieval answer stands alone otherwise. */
  readonly languageModel?: LanguageModel;
}

export function createLoaders(store: GraphStore): KnowledgeLoaders {
  const byId = new Map<NodeLabel, BatchLoader<unknown>>();
  const related = new Map<string, BatchLoader<string[]>>();
  return {
    byId<L extends NodeLabel>(label: L) {
      let loader = byId.get(label);
      if (!loader) {
        loader = new BatchLoader<unknown>((ids) => store.getByIds(label, ids));
        byId.set(label, loader);
      }
      return loader as BatchLoader<NodeOf<L> | null>;
    },
    related(label, relation) {
      const key = `${label}:${relation.type}:${relation.direction}`;
      let loader = related.get(key);
      if (!loader) {
        loader = new BatchLoader(async (ids) => {
          const map = await store.related(label, ids, relation);
          return ids.map((id) => map.get(id) ?? []);
        });
        related.set(key, loader);
      }
      return loader;
    },
  };
}

/** Loads records by id in order, leaving out ids that name nothing. */
export async function loadMany<L extends NodeLabel>(
  loaders: KnowledgeLoaders,
  label: L,
  ids: readonly string[],
): Promise<NodeOf<L>[]> {
  const records = await loaders.byId(label).loadMany(ids);
  return records.filter((r): r is NodeOf<L> => r != null);
}

/** Loads one referenced record; a dangling reference is a data fault, not the caller's. */
export async function loadOne<L extends NodeLabel>(
  loaders: KnowledgeLoaders,
  label: L,
  id: string,
): Promise<NodeOf<L>> {
  const record = await loaders.byId(label).load(id);
  if (!record) throw new Error(`dangling reference to ${label} ${id}`);
  return record;
}
