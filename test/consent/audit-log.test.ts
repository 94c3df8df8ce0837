import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { entry } from '../contracts/audit-log.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

/** A fresh log of five records; returns its path. */
async function logOfFive(): Promise<string> {
  const path = join(dir.path, `audit-${n++}.db`);
  const log = new SqliteAuditLog({ path });
  await log.append([entry(1), entry(2)]);
  await log.append([entry(3), entry(4, 'p-0005'), entry(5)]);
  await log.close();
  return path;
}

/** Tampering as someone with the file would: the append-only triggers dropped first. */
function tamper(path: string, sql: string): void {
  const db = new Database(path);
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  db.exec(sql);
  db.close();
}

/** What only the SQLite file does (the shared contract is in audit-log.sqlite.test.ts). */
describe('the audit log on SQLite', () => {
  it('refuses updates and deletes through SQL', async () => {
    const path = await logOfFive();
    const db = new Database(path);
    expect(() => db.exec("UPDATE audit SET entry = '{}' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit WHERE seq = 5')).toThrow(/append-only/);
    db.close();
  });

  it('makes gba audit verify exit 0 on an intact log and 1 naming the record after tampering', async () => {
    const dataDir = join(dir.path, 'cli');
    const log = new SqliteAuditLog({ path: join(dataDir, 'audit.db') });
    await log.append([entry(1), entry(2), entry(3)]);
    await log.close();
    const run = async () => {
      const out: string[] = [];
      const code = await main(['audit', 'verify'], {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        env: { DATA_DIR: dataDir },
      });
      return { code, out };
    };
    expect(await run()).toEqual({
      code: 0,
      out: [expect.stringMatching(/^audit log intact: 3 records, head [0-9a-f]{64}$/)],
    });
    tamper(join(dataDir, 'audit.db'), `UPDATE audit SET entry = replace(entry, 'hk-official', 'nobody') WHERE seq = 2`);
    expect(await run()).toEqual({
      code: 1,
      out: [
        'audit log broken at record 2: its content does not match its hash (it was edited) (1 records before it are intact)',
      ],
    });
  });
});
