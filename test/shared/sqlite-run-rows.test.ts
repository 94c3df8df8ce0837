/**
 * runRows: rows written by multi-row statements (64 a statement, the remainder in halves) arrive all,
 * once and in order whatever their count, and the count of rows changed is what one statement a row
 * would have counted (an ignored conflict changes nothing).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runRows, Statements } from '../../services/shared/sqlite-statements.js';

function table() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)');
  return { db, sql: new Statements(db) };
}

const values = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => [from + i, `row-${from + i}`, i % 3 ? null : 'x']).flat();

describe('runRows', () => {
  it.each([0, 1, 2, 63, 64, 65, 127, 200])('writes %i rows, all of them in order', (count) => {
    const { db, sql } = table();
    expect(runRows(sql, 'INSERT INTO t (seq, name, note)', '', 3, values(1, count))).toBe(count);
    expect(db.prepare('SELECT seq, name, note FROM t ORDER BY rowid').raw().all().flat()).toEqual(values(1, count));
  });

  it('counts only the rows a conflict clause let in', () => {
    const { sql } = table();
    runRows(sql, 'INSERT INTO t (seq, name, note)', '', 3, values(1, 50));
    expect(runRows(sql, 'INSERT OR IGNORE INTO t (seq, name, note)', '', 3, values(41, 70))).toBe(60);
  });

  it('refuses values that are not whole rows', () => {
    const { sql } = table();
    expect(() => runRows(sql, 'INSERT INTO t (seq, name, note)', '', 3, [1, 'a'])).toThrow(/not rows of 3/);
  });
});
