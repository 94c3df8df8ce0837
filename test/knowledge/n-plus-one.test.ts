import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { countingStore } from '../support/counting-store.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

const counted = countingStore(new SqliteGraphStore({ path: ':memory:' }));
let fx: GatewayFixture;
beforeAll(async () => {
  await counted.store.init();
  await seedGraph(counted.store);
  fx = await startGatewayFixture({ store: counted.store });
});
afterAll(() => fx.close());

const NESTED = `query Nested($first: Int!) {
  practices(first: $first) {
    totalCount
    edges { node {
      id
      agency { id name { en } jurisdiction { id } }
      relatedServices { id title { en } agency { id } }
      inspiredBy { id agency { id } }
      topics { id }
    } }
  }
}`;

async function storeCallsFor(first: number): Promise<{ calls: number; practices: number }> {
  counted.reset();
  const response = await fx.query(NESTED, { variables: { first } });
  const body = (await response.json()) as { data: { practices: { edges: unknown[] } } };
  const calls = [...counted.calls.entries()]
    .filter(([m]) => m !== 'ping' && m !== 'dataVersion')
    .reduce((n, [, c]) => n + c, 0);
  return { calls, practices: body.data.practices.edges.length };
}

describe('no N+1', () => {
  it('answers 20 practices with their agencies and related services in a fixed number of store calls', async () => {
    // Both pages hold practices with every kind of relation, so both need every batch.
    const half = await storeCallsFor(10);
    const all = await storeCallsFor(20);
    expect(half.practices).toBe(10);
    expect(all.practices).toBe(20);
    // One find, then one batched call per label or relation and resolver level, whatever the page size;
    // a larger page can only need fewer calls (more of the next level is already cached).
    expect(all.calls).toBeLessThanOrEqual(half.calls);
    expect(half.calls).toBeLessThanOrEqual(10);
  });
});
