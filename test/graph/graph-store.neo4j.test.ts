/**
 * The graph-store contract against a real Neo4j 5, when NEO4J_URI is set (`docker compose up neo4j`,
 * then `npm run test:integration`). Without it the suite is skipped, and says so.
 */
import neo4j from 'neo4j-driver';
import { describe, it } from 'vitest';
import { Neo4jGraphStore } from '../../services/graph/neo4j/neo4j-graph-store.js';
import { graphStoreContract } from '../contracts/graph-store.contract.js';

const url = process.env.NEO4J_URI;
const username = process.env.NEO4J_USERNAME ?? 'neo4j';
const password = process.env.NEO4J_PASSWORD ?? '';
const database = process.env.NEO4J_DATABASE ?? 'neo4j';

if (url) {
  graphStoreContract('Neo4j', {
    reset: async () => {
      const driver = neo4j.driver(url, neo4j.auth.basic(username, password));
      try {
        await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database });
      } finally {
        await driver.close();
      }
    },
    open: async () => new Neo4jGraphStore({ url, username, password, database }),
  });
} else {
  describe('graph store contract: Neo4j', () => {
    it.skip('skipped: NEO4J_URI is not set (start Neo4j with `docker compose up neo4j`, then `npm run test:integration`)', () => {});
  });
}
