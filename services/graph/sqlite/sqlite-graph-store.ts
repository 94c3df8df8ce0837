/**
 * Embedded graph store on one SQLite file (better-sqlite3): nodes as JSON documents keyed by
 * (label, id), relationships in an edge table. WAL mode lets `gba seed` write while `gba start` reads.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { NODE_LABELS, type NodeLabel, type NodeOf } from '../../../schema/domain/index.js';
import { edgesOf } from '../../../schema/domain/relations.js';
import type { GraphStore, NodeBatch, Page, WriteResult } from '../graph-store.port.js';
import { MIGRATIONS } from './migrations.js';

export interface SqliteGraphStoreOptions {
  /** A file path, or `:memory:`. */
  readonly path: string;
  /** Clock for `written_at`; injected so tests do not depend on the wall clock. */
  readonly now?: () => Date;
}

export class SqliteGraphStore implements GraphStore {
  readonly engine = 'sqlite';
  private readonly db: Database.Database;
  private readonly now: () => Date;

  constructor({ path, now = () => new Date() }: SqliteGraphStoreOptions) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.now = now;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
  }

  async init(): Promise<void> {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db
        .transaction(() => {
          this.db.exec(migration.sql);
          record.run(migration.version, migration.name, this.now().toISOString());
        })
        .immediate();
    }
  }

  async ping(): Promise<void> {
    const latest = this.db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
    const expected = MIGRATIONS.at(-1)?.version ?? 0;
    if (latest !== expected) {
      throw new Error(`schema is at version ${latest ?? 'none'}, expected ${expected}`);
    }
  }

  async write(batches: readonly NodeBatch[]): Promise<WriteResult> {
    const upsert = this.db.prepare(
      `INSERT INTO node (label, id, data, written_at) VALUES (@label, @id, @data, @at)
       ON CONFLICT (label, id) DO UPDATE SET data = excluded.data, written_at = excluded.written_at
       WHERE node.data IS NOT excluded.data`,
    );
    const dropEdges = this.db.prepare('DELETE FROM edge WHERE from_label = ? AND from_id = ?');
    const addEdge = this.db.prepare(
      'INSERT OR IGNORE INTO edge (from_label, from_id, type, to_label, to_id) VALUES (?, ?, ?, ?, ?)',
    );
    const at = this.now().toISOString();
    let changed = 0;
    let unchanged = 0;
    this.db
      .transaction(() => {
        for (const { label, records } of batches) {
          for (const record of records) {
            const info = upsert.run({ label, id: record.id, data: JSON.stringify(record), at });
            if (info.changes === 0) {
              unchanged++;
              continue;
            }
            changed++;
            dropEdges.run(label, record.id);
            for (const e of edgesOf(label, record)) addEdge.run(e.fromLabel, e.from, e.type, e.toLabel, e.to);
          }
        }
      })
      .immediate();
    return { changed, unchanged };
  }

  async getByIds<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeOf<L> | null)[]> {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare('SELECT id, data FROM node WHERE label = ? AND id IN (SELECT value FROM json_each(?))')
      .all(label, JSON.stringify(ids)) as { id: string; data: string }[];
    const byId = new Map(rows.map((r) => [r.id, JSON.parse(r.data) as NodeOf<L>]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list<L extends NodeLabel>(label: L, { first, after }: Page): Promise<NodeOf<L>[]> {
    const rows = this.db
      .prepare('SELECT data FROM node WHERE label = ? AND id > ? ORDER BY id LIMIT ?')
      .pluck()
      .all(label, after ?? '', first) as string[];
    return rows.map((data) => JSON.parse(data) as NodeOf<L>);
  }

  async counts(): Promise<Record<NodeLabel, number>> {
    const rows = this.db.prepare('SELECT label, count(*) AS n FROM node GROUP BY label').all() as {
      label: NodeLabel;
      n: number;
    }[];
    const counts = Object.fromEntries(NODE_LABELS.map((l) => [l, 0])) as Record<NodeLabel, number>;
    for (const { label, n } of rows) counts[label] = n;
    return counts;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
