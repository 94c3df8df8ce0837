/** The audit-log contract on the embedded adapter (one SQLite file per log), alone and with group commit. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import { GroupCommitAuditLog } from '../../services/consent/audit/group-commit.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { type AuditLogUnderTest, auditLogContract, type Tampering } from '../contracts/audit-log.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

const SQL: Record<Tampering, string> = {
  edit: `UPDATE audit SET entry = replace(entry, '"decision":"deny"', '"decision":"allow"') WHERE seq = 2`,
  delete: 'DELETE FROM audit WHERE seq = 3',
  swap: 'UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;',
  insert:
    'INSERT INTO audit (seq, subject, entry, prev_hash, hash) SELECT 6, subject, entry, prev_hash, hash FROM audit WHERE seq = 2',
  rehash: `UPDATE audit SET hash = '${'f'.repeat(64)}' WHERE seq = 4`,
  reindex: `UPDATE audit SET subject = 'p-0005' WHERE seq = 2`,
};

const adapter = (wrap: (log: AuditLog) => AuditLog) => async (): Promise<AuditLogUnderTest> => {
  const path = join(dir.path, `audit-${n++}.db`);
  const log = wrap(new SqliteAuditLog({ path }));
  const others: AuditLog[] = [];
  return {
    log,
    async another() {
      const other = wrap(new SqliteAuditLog({ path }));
      others.push(other);
      return other;
    },
    async tamper(kind) {
      // As someone with the file would: the append-only triggers dropped first.
      const db = new Database(path);
      db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
      db.exec(SQL[kind]);
      db.close();
    },
    async close() {
      for (const o of others) await o.close();
      await log.close();
    },
  };
};

auditLogContract(
  'SQLite',
  adapter((log) => log),
);
// As the platform opens it: appends made while one is in flight grouped into one transaction.
auditLogContract(
  'SQLite, appends grouped',
  adapter((log) => new GroupCommitAuditLog(log)),
);
