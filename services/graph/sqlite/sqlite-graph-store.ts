/**
 * Embedded graph store on one SQLite file (better-sqlite3): nodes as JSON documents keyed by
 * (label, id), relationships in an edge table, FTS5 over normalised search text. WAL mode lets
 * `gba seed` write while `gba start` reads; every write is one IMMEDIATE transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { NODE_LABELS, type NodeLabel, type NodeOf } from '../../../schema/domain/index.js';
import { isSearchable, searchDocument } from '../../../schema/domain/queryable.js';
import { edgesOf } from '../../../schema/domain/relations.js';
import { Statements } from '../../shared/sqlite-statements.js';
import type {
  FindQuery,
  FindResult,
  GraphStore,
  NodeBatch,
  Page,
  Predicate,
  Reached,
  RelationQuery,
  SearchHit,
  SearchQuery,
  WriteResult,
} from '../graph-store.port.js';
import { indexText } from '../search/text.js';
import { whereSql } from './find-sql.js';
import { MIGRATIONS } from './migrations.js';
import { kindToken, SqliteSearch } from './sqlite-search.js';

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
  private readonly fts: SqliteSearch;
  private readonly sql: Statements;

  constructor({ path, now = () => new Date() }: SqliteGraphStoreOptions) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.now = now;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.sql = new Statements(this.db);
    this.fts = new SqliteSearch(this.db, this.sql);
  }

  async init(): Promise<void> {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const record = this.sql.get('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    // The check and the apply share one IMMEDIATE transaction, so two processes starting together
    // cannot both apply a migration.
    this.db
      .transaction(() => {
        const applied = new Set(this.sql.get('SELECT version FROM schema_migrations').pluck().all() as number[]);
        for (const migration of MIGRATIONS) {
          if (applied.has(migration.version)) continue;
          this.db.exec(migration.sql);
          record.run(migration.version, migration.name, this.now().toISOString());
        }
      })
      .immediate();
  }

  async ping(): Promise<void> {
    const latest = this.sql.get('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
    const expected = MIGRATIONS.at(-1)?.version ?? 0;
    if (latest !== expected) {
      throw new Error(`schema is at version ${latest ?? 'none'}, expected ${expected}`);
    }
  }

  async write(batches: readonly NodeBatch[]): Promise<WriteResult> {
    const upsert = this.sql.get(
      `INSERT INTO node (label, id, data, written_at) VALUES (@label, @id, @data, @at)
       ON CONFLICT (label, id) DO UPDATE SET data = excluded.data, written_at = excluded.written_at
       WHERE node.data IS NOT excluded.data
       RETURNING rowid`,
    );
    const dropEdges = this.sql.get('DELETE FROM edge WHERE from_label = ? AND from_id = ?');
    const addEdge = this.sql.get(
      'INSERT OR IGNORE INTO edge (from_label, from_id, type, to_label, to_id) VALUES (?, ?, ?, ?, ?)',
    );
    const dropDoc = this.sql.get('DELETE FROM search_fts WHERE rowid = ?');
    const addDoc = this.sql.get('INSERT INTO search_fts (rowid, title, body, kind) VALUES (?, ?, ?, ?)');
    const at = this.now().toISOString();
    let changed = 0;
    let unchanged = 0;
    this.db
      .transaction(() => {
        for (const { label, records } of batches) {
          for (const record of records) {
            const row = upsert.get({ label, id: record.id, data: JSON.stringify(record), at }) as
              | { rowid: number }
              | undefined;
            if (!row) {
              unchanged++;
              continue;
            }
            changed++;
            dropEdges.run(label, record.id);
            for (const e of edgesOf(label, record)) addEdge.run(e.fromLabel, e.from, e.type, e.toLabel, e.to);
            if (isSearchable(label)) {
              const doc = searchDocument(label, record as NodeOf<typeof label>);
              dropDoc.run(row.rowid);
              addDoc.run(row.rowid, indexText(doc.title), indexText(doc.body), kindToken(label));
            }
          }
        }
      })
      .immediate();
    if (changed > 0) this.fts.invalidate();
    return { changed, unchanged };
  }

  async getByIds<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeOf<L> | null)[]> {
    if (ids.length === 0) return [];
    const rows = this.sql
      .get('SELECT id, data FROM node WHERE label = ? AND id IN (SELECT value FROM json_each(?))')
      .all(label, JSON.stringify(ids)) as { id: string; data: string }[];
    const byId = new Map(rows.map((r) => [r.id, JSON.parse(r.data) as NodeOf<L>]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list<L extends NodeLabel>(label: L, page: Page): Promise<NodeOf<L>[]> {
    return (await this.find(label, { ...page, where: [] })).records;
  }

  async find<L extends NodeLabel>(label: L, { where, first, after }: FindQuery<L>): Promise<FindResult<NodeOf<L>>> {
    const filter = whereSql(label, where as readonly Predicate[]);
    const rows = this.sql
      .get(`SELECT data FROM node WHERE ${filter.sql} AND id > ? ORDER BY id LIMIT ?`)
      .pluck()
      .all(...filter.params, after ?? '', first + 1) as string[];
    const totalCount = this.sql
      .get(`SELECT count(*) FROM node WHERE ${filter.sql}`)
      .pluck()
      .get(...filter.params) as number;
    return {
      records: rows.slice(0, first).map((data) => JSON.parse(data) as NodeOf<L>),
      totalCount,
      hasNextPage: rows.length > first,
    };
  }

  async related(label: NodeLabel, ids: readonly string[], { type, direction }: RelationQuery) {
    const sql =
      direction === 'out'
        ? `SELECT from_id AS key, to_id AS id FROM edge
           WHERE from_label = ? AND type = ? AND from_id IN (SELECT value FROM json_each(?)) ORDER BY to_id`
        : `SELECT to_id AS key, from_id AS id FROM edge
           WHERE to_label = ? AND type = ? AND to_id IN (SELECT value FROM json_each(?)) ORDER BY from_id`;
    const rows = this.sql.get(sql).all(label, type, JSON.stringify(ids)) as { key: string; id: string }[];
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const { key, id } of rows) out.get(key)?.push(id);
    return out;
  }

  async traverse(
    label: NodeLabel,
    id: string,
    { type, direction, maxDepth }: RelationQuery & { maxDepth: number },
  ): Promise<Reached[]> {
    const step =
      direction === 'out'
        ? 'SELECT e.to_id, w.depth + 1 FROM walk w JOIN edge e ON e.from_label = @label AND e.from_id = w.id AND e.type = @type'
        : 'SELECT e.from_id, w.depth + 1 FROM walk w JOIN edge e ON e.to_label = @label AND e.to_id = w.id AND e.type = @type';
    return this.sql
      .get(
        `WITH RECURSIVE walk (id, depth) AS (SELECT @id, 0 UNION ${step} WHERE w.depth < @maxDepth)
         SELECT id, min(depth) AS depth FROM walk WHERE id <> @id GROUP BY id ORDER BY depth, id`,
      )
      .all({ label, type, id, maxDepth }) as Reached[];
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    return this.fts.search(query);
  }

  async counts(): Promise<Record<NodeLabel, number>> {
    const rows = this.sql.get('SELECT label, count(*) AS n FROM node GROUP BY label').all() as {
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
