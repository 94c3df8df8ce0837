/**
 * The audit-log contract on Neo4j, when NEO4J_URI is set (`docker compose up neo4j`, then `npm run
 * test:integration`), alone and as the platform opens it (group commit). It empties the database's
 * audit chain before each log. Without NEO4J_URI the suite is skipped, and says so.
 */
import neo4j from 'neo4j-driver';
import { describe, it } from 'vitest';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import { GroupCommitAuditLog } from '../../services/consent/audit/group-commit.js';
import { Neo4jAuditLog } from '../../services/consent/audit/neo4j/neo4j-audit-log.js';
import { type AuditLogUnderTest, auditLogContract, type Tampering } from '../contracts/audit-log.contract.js';

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
  reindex: "MATCH (r:AuditRecord {seq: 2}) SET r.subject = 'p-0005'",
};

if (url) {
  const driver = neo4j.driver(url, neo4j.auth.basic(options.username, options.password));
  const run = (query: string) => driver.executeQuery(query, {}, { database: options.database });
  const adapter = (wrap: (log: AuditLog) => AuditLog) => async (): Promise<AuditLogUnderTest> => {
    await run('MATCH (n) WHERE n:AuditRecord OR n:AuditHead DETACH DELETE n');
    const log = wrap(new Neo4jAuditLog(options));
    const others: AuditLog[] = [];
    return {
      log,
      async another() {
        const other = wrap(new Neo4jAuditLog(options));
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
  };
  auditLogContract(
    'Neo4j',
    adapter((log) => log),
  );
  // As the platform opens it: appends made while one is in flight grouped into one transaction.
  auditLogContract(
    'Neo4j, appends grouped',
    adapter((log) => new GroupCommitAuditLog(log)),
  );
} else {
  describe('audit log contract: Neo4j', () => {
    it.skip('skipped: NEO4J_URI is not set (start Neo4j with `docker compose up neo4j`, then `npm run test:integration`)', () => {});
  });
}
