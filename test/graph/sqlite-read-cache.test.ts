/**
 * The SQLite store's read cache (services/graph/sqlite/read-cache.ts): reads come from memory while
 * the file is unchanged, and a write by this handle or by another connection (as another process
 * writes) is seen by the very next read.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Agency } from '../../schema/domain/index.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { practiceFixture } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const agency = (id: string, en: string): Agency => ({
  id,
  jurisdiction: 'SZ',
  name: { en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` },
  website: null,
  sourceUrl: null,
  synthetic: true,
});
const inSz = { where: [{ field: 'jurisdiction' as const, op: 'in' as const, values: ['SZ'] }], first: 10 };

let open: SqliteGraphStore[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});
async function handles(name: string, cacheEntries?: number): Promise<[SqliteGraphStore, SqliteGraphStore]> {
  const path = join(dir.path, `${name}.db`);
  const a = new SqliteGraphStore({ path, cacheEntries });
  const b = new SqliteGraphStore({ path });
  await a.init();
  await b.init();
  open.push(a, b);
  return [a, b];
}

/**
 * Renames an agency 'After' through a plain connection, not a store, as another process would: only
 * SQLite's data_version can tell the store of this commit.
 */
function commitElsewhere(name: string, id: string): void {
  const other = new Database(join(dir.path, `${name}.db`));
  try {
    other
      .prepare("UPDATE node SET data = json_set(data, '$.name.en', 'After') WHERE label = 'Agency' AND id = ?")
      .run(id);
  } finally {
    other.close();
  }
}

describe('the SQLite store’s read cache', () => {
  it('serves a repeated read from memory, the very same frozen record', async () => {
    const [a] = await handles('repeat');
    await a.write([{ label: 'Agency', records: [agency('sz-one', 'One')] }]);
    const [first] = await a.getByIds('Agency', ['sz-one']);
    const [again] = await a.getByIds('Agency', ['sz-one']);
    expect(again).toBe(first);
    expect((await a.find('Agency', inSz)).records[0]).toBe((await a.find('Agency', inSz)).records[0]);
    // A caller that tried to change the shared record would corrupt the next request's answer: it throws.
    expect(() => {
      (first as { name: { en: string } }).name.en = 'changed';
    }).toThrow(TypeError);
  });

  it('sees its own writes at the next read, by id and by query', async () => {
    const [a] = await handles('own');
    expect(await a.getByIds('Agency', ['sz-two'])).toEqual([null]);
    expect((await a.find('Agency', inSz)).totalCount).toBe(0);
    await a.write([{ label: 'Agency', records: [agency('sz-two', 'Two')] }]);
    expect((await a.getByIds('Agency', ['sz-two']))[0]?.name.en).toBe('Two');
    expect((await a.find('Agency', inSz)).totalCount).toBe(1);
    await a.commitEvents({
      nodes: [{ label: 'Agency', records: [agency('sz-two', 'Two, renamed')] }],
      clocks: [],
      processed: [],
      receipts: [],
      outbox: [],
    });
    expect((await a.getByIds('Agency', ['sz-two']))[0]?.name.en).toBe('Two, renamed');
    expect((await a.find('Agency', inSz)).records.map((r) => r.name.en)).toEqual(['Two, renamed']);
  });

  it('keeps no record read before a write of its own that overtook the read', async () => {
    const [a] = await handles('overtaken');
    await a.write([{ label: 'Agency', records: [agency('sz-race', 'Before')] }]);
    // Started together: the read runs first, the write commits before the read's caller resumes.
    const reading = a.getByIds('Agency', ['sz-race']);
    const writing = a.write([{ label: 'Agency', records: [agency('sz-race', 'After')] }]);
    expect((await reading)[0]?.name.en).toBe('Before');
    await writing;
    expect((await a.getByIds('Agency', ['sz-race']))[0]?.name.en).toBe('After');
  });

  it('sees another handle’s commits at the next read (PRAGMA data_version), absent records included', async () => {
    const [a, b] = await handles('other');
    expect(await a.getByIds('Agency', ['sz-three'])).toEqual([null]);
    expect((await a.find('Agency', inSz)).totalCount).toBe(0);
    await b.write([{ label: 'Agency', records: [agency('sz-three', 'Three')] }]);
    expect((await a.getByIds('Agency', ['sz-three']))[0]?.name.en).toBe('Three');
    expect((await a.find('Agency', inSz)).totalCount).toBe(1);
    await b.write([{ label: 'Agency', records: [agency('sz-three', 'Three, renamed')] }]);
    expect((await a.getByIds('Agency', ['sz-three']))[0]?.name.en).toBe('Three, renamed');
    expect((await a.find('Agency', inSz)).records[0]?.name.en).toBe('Three, renamed');
  });

  it('sees a commit by another connection (as another process makes) at the next read after the one that looked', async () => {
    const [a] = await handles('raw');
    await a.write([{ label: 'Agency', records: [agency('sz-raw', 'Before')] }]);
    expect((await a.getByIds('Agency', ['sz-raw']))[0]?.name.en).toBe('Before');
    commitElsewhere('raw', 'sz-raw');
    expect((await a.getByIds('Agency', ['sz-raw']))[0]?.name.en).toBe('After');
  });

  it('sees a commit by another handle of this process made between two reads of one synchronous run', async () => {
    const [a, b] = await handles('same-run');
    await b.write([{ label: 'Agency', records: [agency('sz-run', 'Before')] }]);
    // No await between the three calls: the first read's look at data_version serves the run, and the
    // store must still see the commit made in it.
    const first = a.getByIds('Agency', ['sz-run']);
    const writing = b.write([{ label: 'Agency', records: [agency('sz-run', 'After')] }]);
    const second = a.getByIds('Agency', ['sz-run']);
    expect((await first)[0]?.name.en).toBe('Before');
    await writing;
    expect((await second)[0]?.name.en).toBe('After');
  });

  it('never answers a data version newer than the records its reads serve, in one synchronous run', async () => {
    const [a] = await handles('version');
    await a.write([{ label: 'Agency', records: [agency('sz-ver', 'Before')] }]);
    const before = a.dataVersion();
    const first = a.getByIds('Agency', ['sz-ver']);
    // Another process commits in the same run, after the first read looked at the file.
    commitElsewhere('version', 'sz-ver');
    const after = a.dataVersion();
    const second = a.getByIds('Agency', ['sz-ver']);
    expect((await first)[0]?.name.en).toBe('Before');
    // A response cache keys the second read's answer by `after`: it must be the new record.
    expect(after).not.toBe(before);
    expect((await second)[0]?.name.en).toBe('After');
  });

  it('keeps relationships too, and sees them change by its own writes and another handle’s', async () => {
    const [a, b] = await handles('related');
    const out = { type: 'RELATES_TO', direction: 'out' as const };
    const into = { type: 'RELATES_TO', direction: 'in' as const };
    await a.write([{ label: 'Practice', records: [practiceFixture('prac-rel', { relatedServices: ['svc-one'] })] }]);
    expect(await a.related('Practice', ['prac-rel'], out)).toEqual(new Map([['prac-rel', ['svc-one']]]));
    expect(await a.related('Service', ['svc-one', 'svc-two'], into)).toEqual(
      new Map([
        ['svc-one', ['prac-rel']],
        ['svc-two', []],
      ]),
    );
    await a.write([
      { label: 'Practice', records: [practiceFixture('prac-rel', { relatedServices: ['svc-one', 'svc-two'] })] },
    ]);
    expect(await a.related('Practice', ['prac-rel'], out)).toEqual(new Map([['prac-rel', ['svc-one', 'svc-two']]]));
    await b.write([{ label: 'Practice', records: [practiceFixture('prac-rel', { relatedServices: [] })] }]);
    expect(await a.related('Practice', ['prac-rel'], out)).toEqual(new Map([['prac-rel', []]]));
    expect(await a.related('Service', ['svc-one', 'svc-two'], into)).toEqual(
      new Map([
        ['svc-one', []],
        ['svc-two', []],
      ]),
    );
  });

  it('keeps at most its configured number of entries, and none when turned off', async () => {
    const [a, b] = await handles('bounded', 5);
    const ids = Array.from({ length: 12 }, (_, i) => `sz-b${i}`);
    await b.write([{ label: 'Agency', records: ids.map((id) => agency(id, id)) }]);
    for (const id of ids) await a.getByIds('Agency', [id]);
    expect((a as unknown as { cache: { size: number } }).cache.size).toBe(5);
    // The evicted ones are read again, correctly.
    expect((await a.getByIds('Agency', ids)).map((r) => r?.id)).toEqual(ids);
    // Relationships of more ids than the cache holds, three of them cached: none comes back empty.
    const practices = ids.map((id, i) => practiceFixture(`prac-${id}`, { relatedServices: [`svc-${i}`] }));
    await b.write([{ label: 'Practice', records: practices }]);
    const pids = practices.map((p) => p.id);
    const out = { type: 'RELATES_TO', direction: 'out' as const };
    await a.related('Practice', pids.slice(0, 3), out);
    const all = await a.related('Practice', pids, out);
    expect(pids.map((id) => all.get(id))).toEqual(ids.map((_, i) => [`svc-${i}`]));

    // A page of more than 500 records is read again rather than kept as one heavy entry.
    const many = Array.from({ length: 501 }, (_, i) => agency(`sz-m${i}`, `M${i}`));
    await b.write([{ label: 'Agency', records: many }]);
    const big = { ...inSz, first: 1000 };
    const [p1, p2] = [await a.find('Agency', big), await a.find('Agency', big)];
    expect(p1.records).toHaveLength(513);
    expect(p2.records[0]).toEqual(p1.records[0]);
    expect(p2.records[0]).not.toBe(p1.records[0]);

    const [off] = await handles('off', 0);
    await off.write([{ label: 'Agency', records: [agency('sz-off', 'Off')] }]);
    const [x] = await off.getByIds('Agency', ['sz-off']);
    const [y] = await off.getByIds('Agency', ['sz-off']);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    expect(Object.isFrozen(x)).toBe(false);
  });
});
