/**
 * The audit-log contract on Neo4j, when NEO4J_URI is set (`docker compose up neo4j`, then `npm run
 * test:integration`). It empties the database's audit chain before each log. Without NEO4J_URI the
 * suite is skipped, and says so.
 */
import neo4j from 'neo4j-driver';
import { describe, it } from 'vitest';
import { Neo4jAuditLog } from '../../services/consent/audit/neo4j/neo4j-audit-log.js';
import { auditLogContract, type Tampering } from '../contracts/audit-log.contract.js';

const url = process.env.NEO4J_URI;
const options = {
  url: url ?? '',
  username: process.env.NEO4J_USERNAME ?? 'neo4j',
  password: process.env.NEO4J_PASSWORD ?? '',
  database: process.env.NEO4J_DATABASE ?? 'neo4j',
};

const CYPHER: Record<Tampering, string> = {
  edit: 'MATCH (r:AuditRecord {seq: 2}) SET r.entry = replace(r.entry, \'"decision":"deny"\', \'"decision":"allow"\')',
  delete: 'MATCH (r:AuditRecord {seq: 3}) DELETE r',
  swap: 'MATCH (a:AuditRecord {seq: 3}), (b:AuditRecord {seq: 4}) SET a.seq = -1 WITH a, b SET b.seq = 3 WITH a SET a.seq = 4',
  insert:
    'MATCH (r:AuditRecord {seq: 2}) CREATE (:AuditRecord {seq: 6, subject: r.subject, entry: r.entry, prevHash: r.prevHash, hash: r.hash})',
  rehash: `MATCH (r:AuditRecord {seq: 4}) SET r.hash = '${'f'.repeat(64)}'`,
};

if (url) {
  const driver = neo4j.driver(url, neo4j.auth.basic(options.username, options.password));
  const run = (query: string) => driver.executeQuery(query, {}, { database: options.database });
  auditLogContract('Neo4j', async () => {
    await run('MATCH (n) WHERE n:AuditRecord OR n:AuditHead DETACH DELETE n');
    const log = new Neo4jAuditLog(options);
    const others: Neo4jAuditLog[] = [];
    return {
      log,
      async another() {
        const other = new Neo4jAuditLog(options);
        others.push(other);
        return other;
      },
      async tamper(kind) {
        await run(CYPHER[kind]);
      },
      async close() {
        for (const o of others) await o.close();
        await log.close();
      },
    };
  });
} else {
  describe('audit log contract: Neo4j', () => {
    it.skip('skipped: NEO4J_URI is not set (start Neo4j with `docker compose up neo4j`, then `npm run test:integration`)', () => {});
  });
}
