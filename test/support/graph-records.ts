import { join } from 'node:path';
import type { NodeLabel } from '../../schema/domain/index.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';

/** Every record of `labels` in the SQLite store of `dataDir` (its gba.db), by id: as `view` renders it. */
export async function graphRecords<T>(
  dataDir: string,
  labels: readonly NodeLabel[],
  view: (record: Record<string, unknown>) => T,
): Promise<Record<string, T>> {
  const store = new SqliteGraphStore({ path: join(dataDir, 'gba.db') });
  try {
    const all: Record<string, T> = {};
    for (const label of labels)
      for (const r of await store.list(label, { first: 1000 })) all[r.id] = view(r as Record<string, unknown>);
    return all;
  } finally {
    await store.close();
  }
}

/** One record of `label` in the SQLite store of `dataDir` (its gba.db), or null when there is none. */
export async function graphRecord<L extends NodeLabel>(dataDir: string, label: L, id: string) {
  const store = new SqliteGraphStore({ path: join(dataDir, 'gba.db') });
  try {
    return (await store.getByIds(label, [id]))[0] ?? null;
  } finally {
    await store.close();
  }
}
