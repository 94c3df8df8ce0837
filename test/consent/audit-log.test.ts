import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

function entry(i: number, subject = 'p-0004'): AuditEntry {
  return {
    at: `2026-02-01T10:00:${String(i).padStart(2, '0')}+08:00`,
    actor: {
      subject: 'f0000000-0000-4000-a000-000000000001',
      username: 'hk-official',
      clientId: 'gba-cli',
      agency: 'hk-td',
      jurisdiction: 'HK',
      roles: ['official'],
    },
    subject,
    categories: ['identity'],
    resource: 'case case-0001 applicant.name',
    purpose: 'licence-conversion',
    consentId: 'con-0001',
    consentVersion: 1,
    decision: i % 2 ? 'allow' : 'deny',
    reason: i % 2 ? 'consent con-0001' : 'no consent covers it',
    requestId: `req-${i}`,
  };
}

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

async function verify(path: string) {
  const log = new SqliteAuditLog({ path });
  try {
    return await log.verify();
  } finally {
    await log.close();
  }
}

describe('the audit log', () => {
  it('chains records across appends and verifies intact', async () => {
    const path = await logOfFive();
    expect(await verify(path)).toEqual({ ok: true, records: 5, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const log = new SqliteAuditLog({ path });
    const p4 = await log.bySubject('p-0004', { first: 10 });
    expect(p4.map((r) => r.seq)).toEqual([1, 2, 3, 5]);
    expect(p4[1]?.prevHash).toBe(p4[0]?.hash);
    await log.close();
  });

  it('refuses updates and deletes through SQL', async () => {
    const path = await logOfFive();
    const db = new Database(path);
    expect(() => db.exec("UPDATE audit SET entry = '{}' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit WHERE seq = 5')).toThrow(/append-only/);
    db.close();
  });

  it.each([
    [
      'an edited record',
      `UPDATE audit SET entry = replace(entry, '"decision":"deny"', '"decision":"allow"') WHERE seq = 2`,
      2,
      /edited/,
    ],
    ['a deleted record', 'DELETE FROM audit WHERE seq = 3', 4, /deleted, inserted or moved/],
    [
      'two records swapped',
      `UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;`,
      3,
      /link|deleted, inserted or moved|edited/,
    ],
    [
      'an inserted record',
      `INSERT INTO audit (seq, subject, entry, prev_hash, hash) SELECT 6, subject, entry, prev_hash, hash FROM audit WHERE seq = 2`,
      6,
      /link/,
    ],
    ['a rewritten hash', `UPDATE audit SET hash = '${'f'.repeat(64)}' WHERE seq = 4`, 4, /edited/],
  ])('names the first bad record after %s', async (_name, sql, firstBad, problem) => {
    const path = await logOfFive();
    tamper(path, sql);
    expect(await verify(path)).toMatchObject({ ok: false, firstBad, problem: expect.stringMatching(problem) });
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
