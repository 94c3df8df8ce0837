/**
 * Opens an embedded SQLite file the way every embedded engine here uses it: the folder created, WAL
 * (readers never wait for the writer, several processes may share the file), synchronous NORMAL (a
 * commit survives a crash of the process; FULL would survive power loss at an fsync per commit), and
 * a busy timeout so a second writer waits instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export function openSqliteFile(
  path: string,
  { busyTimeoutMs = 5000 }: { busyTimeoutMs?: number } = {},
): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Statement and savepoint journals in memory: on disk, one that outgrew 64 KiB (a batch's ledger
  // rows in their savepoint) stayed a file for the rest of the transaction, and every later statement
  // journalled its pages through it, two write calls a page (7.6 MB a 500-event batch of bench:ingest).
  db.pragma('temp_store = MEMORY');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}
