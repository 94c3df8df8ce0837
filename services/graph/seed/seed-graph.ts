import type { NodeLabel } from '../../../schema/domain/index.js';
import type { GraphStore, WriteResult } from '../graph-store.port.js';
import { loadDataset } from './dataset.js';

export interface SeedResult extends WriteResult {
  readonly counts: Record<NodeLabel, number>;
}

/** (Re)loads the sample data set. Idempotent: a second run changes nothing and leaves the same counts. */
export async function seedGraph(store: GraphStore, dir?: string): Promise<SeedResult> {
  const batches = await loadDataset(dir);
  const result = await store.write(batches);
  return { ...result, counts: await store.counts() };
}

/** True when the store holds no jurisdiction yet, i.e. it was never seeded or loaded. */
export async function isEmpty(store: GraphStore): Promise<boolean> {
  return (await store.counts()).Jurisdiction === 0;
}
