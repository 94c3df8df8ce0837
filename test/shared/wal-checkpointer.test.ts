import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../services/shared/wal-checkpointer.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

function open(name: string): Database.Database {
  const db = new Database(join(dir.path, name));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x TEXT)');
  return db;
}

const fill = (db: Database.Database, rows: number) => {
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(1000));
};

describe('WAL checkpoints in a worker', () => {
  it('copies committed pages into the database file while the writer never checkpoints', async () => {
    const db = open('worker.db');
    const checkpointer = new WalCheckpointer(db, { intervalMs: 20 });
    const before = statSync(db.name).size;
    fill(db, 500); // about 500 KB, far below the writer's own bound
    await expect.poll(() => statSync(db.name).size, { timeout: 5000, interval: 20 }).toBeGreaterThan(before + 400_000);
    expect(checkpointer.inFallback).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    await checkpointer.close();
    db.close();
  });

  it('without the worker the pages stay in the WAL (what the first test would see if it did nothing)', () => {
    const db = open('none.db');
    db.pragma('wal_autocheckpoint = 16384');
    const before = statSync(db.name).size;
    fill(db, 500);
    expect(statSync(db.name).size).toBe(before);
    db.close();
  });

  it('switches automatic checkpoints back on when the worker cannot open the database', async () => {
    const db = open('fallback.db');
    const notADatabase = join(dir.path, 'a-directory');
    mkdirSync(notADatabase);
    const reasons: string[] = [];
    // The worker opens the database by name; a directory there makes it fail.
    const broken = new Proxy(db, { get: (t, k) => (k === 'name' ? notADatabase : Reflect.get(t, k, t)) });
    const checkpointer = new WalCheckpointer(broken, { onFallback: (r) => reasons.push(r) });
    await expect.poll(() => reasons.length, { timeout: 5000 }).toBe(1);
    expect(checkpointer.inFallback).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.close();
    db.close();
  });
});
