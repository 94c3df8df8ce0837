import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Consent, Service } from '../../schema/domain/index.js';
import { derivedGranter } from '../../services/graph/consent-granter.js';
import { eventKey } from '../../services/graph/graph-store.port.js';
import { loadDataset } from '../../services/graph/seed/dataset.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { practiceFixture } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('the SQLite graph store', () => {
  it('applies its migrations once, in WAL mode', async () => {
    const path = join(dir.path, 'migrate.db');
    const store = new SqliteGraphStore({ path });
    await store.init();
    await store.init();
    await store.ping();
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'nodes and edges' },
      { version: 2, name: 'full-text search and filter indexes' },
      { version: 3, name: 'index consents by subject' },
      { version: 4, name: 'event ledger: processed events, entity clocks, receipts, outbox' },
      { version: 5, name: 'outbox claims: one publisher per message' },
      { version: 6, name: 'consents say which system granted them (grantedBy)' },
      { version: 7, name: 'withdrawn announcements leave the search index' },
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('gives each consent stored before grantedBy was kept the system that granted it, as the Neo4j store does', async () => {
    const path = join(dir.path, 'granted-by.db');
    const store = new SqliteGraphStore({ path });
    await store.init();
    const dataset = await loadDataset();
    const seeded = dataset.find((b) => b.label === 'Consent')?.records as Consent[];
    const con0001 = seeded.find((c) => c.id === 'con-0001') as Consent;
    const ROWS: [
      id: string,
      controller: string,
      jurisdiction: 'HK' | 'SZ' | 'GD' | 'GZ' | 'MO' | null,
      granter: string,
    ][] = [
      ['con-0001', 'gd-psd', 'GD', 'urn:gba:gd:yueshengshi'],
      ['con-0005', 'sz-gov-data-bureau', 'SZ', 'urn:gba:sz:ishenzhen'],
      ['con-gz-1', 'gz-gov-data-bureau', 'GZ', 'urn:gba:gd:yueshengshi'],
      ['con-0003', 'hk-dpo', 'HK', 'urn:gba:hk:dpo:iamsmart'],
      ['con-0008', 'mo-amcm', 'MO', 'platform'],
      ['con-no-agency', 'no-such-agency', null, 'platform'],
      ['con-creq-7', 'gd-psd', 'GD', 'platform'],
      ['con-0b7c5f3e-9d1a-4c2b-8e6f-1a2b3c4d5e6f', 'gd-psd', 'GD', 'platform'],
      ['con-0B7C5F3E-9D1A-4C2B-8E6F-1A2B3C4D5E6F', 'gd-psd', 'GD', 'urn:gba:gd:yueshengshi'],
    ];
    await store.write(dataset.filter((b) => b.label === 'Jurisdiction' || b.label === 'Agency'));
    const records = ROWS.map(([id, controller]) => ({ ...con0001, id, controller, case: null }));
    await store.write([{ label: 'Consent', records }]);
    await store.close();
    // As a store written before version 6: no consent says who granted it.
    const old = new Database(path);
    old.exec("UPDATE node SET data = json_remove(data, '$.grantedBy') WHERE label = 'Consent'");
    old.exec('DELETE FROM schema_migrations WHERE version = 6');
    old.close();
    const reopened = new SqliteGraphStore({ path });
    await reopened.init();
    const stored = await reopened.getByIds(
      'Consent',
      ROWS.map(([id]) => id),
    );
    await reopened.close();
    expect(stored.map((c) => [c?.id, c?.grantedBy])).toEqual(ROWS.map(([id, , , granter]) => [id, granter]));
    // The SQL of the migration and the Neo4j store's derivation agree.
    expect(ROWS.map(([id, , jurisdiction]) => derivedGranter({ id }, jurisdiction))).toEqual(
      ROWS.map(([, , , granter]) => granter),
    );
  });

  it('leaves a withdrawn announcement out of search, and takes out of the index one a store before version 7 kept', async () => {
    const path = join(dir.path, 'withdrawn.db');
    const store = new SqliteGraphStore({ path });
    await store.init();
    const dataset = await loadDataset();
    await store.write(dataset);
    const find = async (s: SqliteGraphStore) =>
      (await s.search({ text: 'iAM Smart maintenance', labels: ['Announcement'], first: 5 })).map((h) => h.id);
    const ID = 'ann-hk-iamsmart-maintenance';
    expect(await find(store)).toContain(ID);
    const peek = new Database(path, { readonly: true });
    const indexed = peek
      .prepare(
        "SELECT f.rowid AS rowid, f.title AS title, f.body AS body, f.kind AS kind FROM node n JOIN search_fts f ON f.rowid = n.rowid WHERE n.label = 'Announcement' AND n.id = ?",
      )
      .get(ID) as { rowid: number; title: string; body: string; kind: string };
    peek.close();
    const [a] = await store.getByIds('Announcement', [ID]);
    await store.write([
      { label: 'Announcement', records: [{ ...a, withdrawnAt: '2026-03-01T00:00:00.000Z' } as never] },
    ]);
    expect(await find(store)).not.toContain(ID);
    await store.close();
    // As a store written before version 7: the withdrawn announcement still in the index.
    const old = new Database(path);
    old
      .prepare('INSERT INTO search_fts (rowid, title, body, kind) VALUES (?, ?, ?, ?)')
      .run(indexed.rowid, indexed.title, indexed.body, indexed.kind);
    old.exec('DELETE FROM schema_migrations WHERE version = 7');
    old.close();
    const before = new SqliteGraphStore({ path });
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM search_fts WHERE rowid = ?').get(indexed.rowid)).toEqual({ n: 1 });
    db.close();
    await before.init();
    expect(await find(before)).not.toContain(ID);
    await before.close();
  });

  it('writes nodes with their edges and changes nothing on a second identical write', async () => {
    const path = join(dir.path, 'write.db');
    const store = new SqliteGraphStore({ path, now: () => new Date('2026-01-01T00:00:00Z') });
    await store.init();
    const batches = await loadDataset();
    expect(await store.write(batches)).toEqual({ changed: 154, unchanged: 0 });
    expect(await store.write(batches)).toEqual({ changed: 0, unchanged: 154 });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(
      db
        .prepare("SELECT type, to_id FROM edge WHERE from_id = 'prac-gz-deepseek-gov-services' ORDER BY type, to_id")
        .all(),
    ).toEqual(expect.arrayContaining([{ type: 'SHARED_BY', to_id: 'gz-gov-data-bureau' }]));
    db.close();
  });

  it('replaces a record’s outgoing edges when the record changes', async () => {
    const store = new SqliteGraphStore({ path: ':memory:' });
    await store.init();
    const batches = await loadDataset();
    await store.write(batches);
    const service = (await store.getByIds('Service', ['svc-hk-td-direct-issue-dl']))[0] as Service;
    const changed = { ...service, topics: ['privacy'] };
    expect(await store.write([{ label: 'Service', records: [changed] }])).toEqual({ changed: 1, unchanged: 0 });
    expect((await store.getByIds('Service', [service.id]))[0]?.topics).toEqual(['privacy']);
    await store.close();
  });

  it('returns records in the order asked, with null for unknown ids', async () => {
    const store = new SqliteGraphStore({ path: ':memory:' });
    await store.init();
    await store.write(await loadDataset());
    const got = await store.getByIds('Jurisdiction', ['SZ', 'XX', 'HK']);
    expect(got.map((j) => j?.id ?? null)).toEqual(['SZ', null, 'HK']);
    expect(await store.getByIds('Jurisdiction', [])).toEqual([]);
    await store.close();
  });

  it('pages through a label by id', async () => {
    const store = new SqliteGraphStore({ path: ':memory:' });
    await store.init();
    await store.write(await loadDataset());
    const first = await store.list('Jurisdiction', { first: 2 });
    const next = await store.list('Jurisdiction', { first: 2, after: first.at(-1)?.id });
    expect([...first, ...next].map((j) => j.id)).toEqual(['GD', 'GZ', 'HK', 'MO']);
    await store.close();
  });

  it('re-indexes a searchable record only when its searchable text changed', async () => {
    const path = join(dir.path, 'reindex.db');
    const store = new SqliteGraphStore({ path });
    await store.init();
    const practice = practiceFixture('prac-reindex');
    await store.write([{ label: 'Practice', records: [practice] }]);
    const db = new Database(path, { readonly: true });
    // Every change to the full-text index writes index data (FTS5's segments).
    const indexWrites = () => db.prepare('SELECT count(*) FROM search_fts_data').pluck().get() as number;
    const before = indexWrites();
    await store.write([{ label: 'Practice', records: [{ ...practice, adoptedBy: ['GZ'] }] }]);
    expect((await store.getByIds('Practice', ['prac-reindex']))[0]?.adoptedBy).toEqual(['GZ']);
    expect(indexWrites()).toBe(before);
    await store.write([
      { label: 'Practice', records: [{ ...practice, title: { ...practice.title, en: 'Zebra crossing kiosks' } }] },
    ]);
    expect(indexWrites()).toBeGreaterThan(before);
    expect((await store.search({ text: 'zebra', labels: ['Practice'], first: 5 })).map((h) => h.id)).toEqual([
      'prac-reindex',
    ]);
    db.close();
    await store.close();
  });

  it('names the event processed meanwhile among a batch of hundreds, and keeps none of the batch', async () => {
    const store = new SqliteGraphStore({ path: join(dir.path, 'ledger.db') });
    await store.init();
    const event = (n: number, disposition: 'applied' | 'rejected' = 'applied') => ({
      source: 'urn:gba:hk:td',
      id: `e${n}`,
      digest: `d${n}`,
      time: '2026-02-01T10:00:00+08:00',
      disposition,
    });
    const nothing = { nodes: [], clocks: [], receipts: [], outbox: [] };
    await store.commitEvents({ ...nothing, processed: [event(150), event(7, 'rejected')] });
    const batch = Array.from({ length: 300 }, (_, n) => event(n));
    await expect(store.commitEvents({ ...nothing, processed: batch })).rejects.toMatchObject({
      name: 'ProcessedMeanwhile',
      eventId: 'e150',
    });
    expect((await store.processed(batch.map((e) => eventKey(e.source, e.id)))).size).toBe(2);
    // Without it, the rest goes in, the rejected e7 among them (a replay's second chance).
    await store.commitEvents({ ...nothing, processed: batch.filter((e) => e.id !== 'e150') });
    const all = await store.processed(batch.map((e) => eventKey(e.source, e.id)));
    expect(all.size).toBe(300);
    expect(all.get(eventKey('urn:gba:hk:td', 'e7'))?.disposition).toBe('applied');
    await store.close();
  });

  it('fails its ping once closed', async () => {
    const store = new SqliteGraphStore({ path: ':memory:' });
    await store.init();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/not open/);
  });
});
