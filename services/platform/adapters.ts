/**
 * The composition root's adapter choice: the only place that names concrete adapters. Everything
 * else receives ports. (dependency-cruiser enforces this; see .dependency-cruiser.cjs.)
 */
import type { GraphStore } from '../graph/graph-store.port.js';
import { Neo4jGraphStore } from '../graph/neo4j/neo4j-graph-store.js';
import { SqliteGraphStore } from '../graph/sqlite/sqlite-graph-store.js';
import type { Config } from './config.js';

export function openGraphStore(graph: Config['graph']): GraphStore {
  switch (graph.engine) {
    case 'sqlite':
      return new SqliteGraphStore({ path: graph.path });
    case 'neo4j':
      return new Neo4jGraphStore(graph);
  }
}
