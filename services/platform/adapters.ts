/**
 * The composition root's adapter choice: the only place that names concrete adapters. Everything
 * else receives ports. (dependency-cruiser enforces this; see .dependency-cruiser.cjs.)
 */
import type { GraphStore } from '../graph/graph-store.port.js';
import { SqliteGraphStore } from '../graph/sqlite/sqlite-graph-store.js';
import type { Config } from './config.js';

export function openGraphStore(graph: Config['graph']): GraphStore {
  switch (graph.engine) {
    case 'sqlite':
      return new SqliteGraphStore({ path: graph.path });
    case 'neo4j':
      throw new Error(
        'GRAPH_URL names Neo4j, whose adapter comes with issue #3; use sqlite:<path> (the default) until then',
      );
  }
}
