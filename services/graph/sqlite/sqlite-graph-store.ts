/**
 * Embedded graph store on one SQLite file (better-sqlite3): nodes as JSON documents keyed by
 * (label, id), relationships in an edge table, FTS5 over normalised search text. WAL mode lets
 * `gba seed` write while `gba start` reads; every write is one IMMEDIATE transaction.
 */
import type Database from 'better-sqlite3';
import { type Consent, NODE_LABELS, type NodeLabel, type NodeOf } from '../../../schema/domain/index.js';
import { isSearchable, searchDocument } from '../../../schema/domain/queryable.js';
import { edgesOf } from '../../../schema/domain/relations.js';
import { openSqliteFile } from '../../shared/sqlite-file.js';
import { runRows, Statements } from '../../shared/sqlite-statements.js';
import {
  CONSENTS_OF_MAX,
  clockKey,
  DeliveredMeanwhile,
  type EntityClock,
  type EventCommit,
  eventKey,
  type FindQuery,
  type FindResult,
  type GraphStore,
  type NodeBatch,
  type OutboxClaim,
  type OutboxMessage,
  type Page,
  type Predicate,
  type ProcessedEvent,
  ProcessedMeanwhile,
  type Reached,
  type Receipt,
  type ReceiptCount,
  type RelationQuery,
  type SearchHit,
  type SearchQuery,
  type WriteResult,
} from '../graph-store.port.js';
import { indexText } from '../search/text.js';
import { whereSql } from './find-sql.js';
import { MIGRATIONS } from './migrations.js';
import { ReadCache } from './read-cache.js';
import { kindToken, SqliteSearch } from './sqlite-search.js';

export interface SqliteGraphStoreOptions {
  /** A file path, or `:memory:`. */
  readonly path: string;
  /** Clock for `written_at`; injected so tests do not depend on the wall clock. */
  readonly now?: () => Date;
  /** Records and query results kept between reads (services/graph/sqlite/read-cache.ts); 0 turns it off. @default 10_000 */
  readonly cacheEntries?: number;
}

/** Larger `find` pages are read again each time rather than kept. */
const CACHED_PAGE_MAX = 500;

type OutboxRow = Omit<OutboxMessage, 'headers'> & { headers: string };
const outboxMessage = (r: OutboxRow): OutboxMessage => ({
  ...r,
  headers: JSON.parse(r.headers) as Record<string, string>,
});

const RECEIPT_HEAD = 'INSERT INTO receipt (topic, partition, offset, source, event_id, disposition, reason)';
const PROCESSED_HEAD = 'INSERT INTO processed_event (source, id, digest, time, disposition)';
const PROCESSED_UNLESS_DONE = `ON CONFLICT (source, id) DO UPDATE SET digest = excluded.digest, time = excluded.time,
  disposition = excluded.disposition WHERE processed_event.disposition = 'rejected'`;
const CLOCK_UPSERT = 'ON CONFLICT (label, id) DO UPDATE SET time = excluded.time';
/** Thrown in the ledger's savepoint when fewer rows went in than were given. */
const SHORT = Symbol('processed meanwhile');

export class SqliteGraphStore implements GraphStore {
  readonly engine = 'sqlite';
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly fts: SqliteSearch;
  private readonly sql: Statements;
  private readonly cache: ReadCache | null;
  /** Other connections' commits (SQLite's own count) and this connection's, which it does not count. */
  private readonly commitsElsewhere: Database.Statement;
  private commitsHere = 0;

  constructor({ path, now = () => new Date(), cacheEntries = 10_000 }: SqliteGraphStoreOptions) {
    this.db = openSqliteFile(path);
    this.now = now;
    this.sql = new Statements(this.db);
    this.fts = new SqliteSearch(this.db, this.sql);
    this.cache = cacheEntries > 0 ? new ReadCache(this.db, cacheEntries) : null;
    this.commitsElsewhere = this.db.prepare('PRAGMA data_version').pluck();
  }

  dataVersion(): string {
    // Through the read cache when there is one: its look and this version are then the same one.
    return `${this.cache ? this.cache.look() : this.commitsElsewhere.get()}.${this.commitsHere}`;
  }

  /** Every write of this connection ends here: the cache does not see its own commits otherwise. */
  private written(changed: number): void {
    this.commitsHere++;
    ReadCache.committed();
    if (changed === 0) return;
    this.fts.invalidate();
    this.cache?.clear();
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
    this.cache?.clear();
  }

  async ping(): Promise<void> {
    const latest = this.sql.get('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
    const expected = MIGRATIONS.at(-1)?.version ?? 0;
    if (latest !== expected) {
      throw new Error(`schema is at version ${latest ?? 'none'}, expected ${expected}`);
    }
  }

  async write(batches: readonly NodeBatch[]): Promise<WriteResult> {
    const result = this.db.transaction(() => this.writeNodes(batches)).immediate();
    this.written(result.changed);
    return result;
  }

  /** Upserts inside the caller's transaction. */
  private writeNodes(batches: readonly NodeBatch[]): WriteResult {
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
    const indexed = this.sql.get('SELECT title, body FROM search_fts WHERE rowid = ?');
    const dropDoc = this.sql.get('DELETE FROM search_fts WHERE rowid = ?');
    const addDoc = this.sql.get('INSERT INTO search_fts (rowid, title, body, kind) VALUES (?, ?, ?, ?)');
    const at = this.now().toISOString();
    let changed = 0;
    let unchanged = 0;
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
          // Most updates (a status, a channel, an adoption) leave the searchable text as it was: the
          // index is then left alone, which costs a read instead of a re-index.
          const before = indexed.get(row.rowid) as { title: string; body: string } | undefined;
          if (!doc) {
            if (before) dropDoc.run(row.rowid);
            continue;
          }
          const title = indexText(doc.title);
          const body = indexText(doc.body);
          if (before?.title === title && before.body === body) continue;
          dropDoc.run(row.rowid);
          addDoc.run(row.rowid, title, body, kindToken(label));
        }
      }
    }
    return { changed, unchanged };
  }

  async processed(keys: readonly string[]): Promise<Map<string, ProcessedEvent>> {
    if (keys.length === 0) return new Map();
    const rows = this.sql
      .get(
        `SELECT p.source, p.id, p.digest, p.time, p.disposition FROM processed_event p
         JOIN json_each(?) k ON p.source = json_extract(k.value, '$[0]') AND p.id = json_extract(k.value, '$[1]')`,
      )
      .all(JSON.stringify(keys.map((k) => k.split('\u0000')))) as ProcessedEvent[];
    return new Map(rows.map((r) => [eventKey(r.source, r.id), r]));
  }

  async clocks(refs: readonly { label: NodeLabel; id: string }[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const rows = this.sql
      .get(
        `SELECT c.label, c.id, c.time FROM entity_clock c
         JOIN json_each(?) k ON c.label = json_extract(k.value, '$[0]') AND c.id = json_extract(k.value, '$[1]')`,
      )
      .all(JSON.stringify(refs.map((r) => [r.label, r.id]))) as EntityClock[];
    return new Map(rows.map((r) => [clockKey(r.label, r.id), r.time]));
  }

  async commitEvents({ nodes, clocks, processed, receipts, outbox }: EventCommit): Promise<void> {
    // The ledger's rows go in a few multi-row statements each (runRows), not one statement a row.
    const result = this.db
      .transaction(() => {
        this.markProcessed(processed);
        const written = this.writeNodes(nodes);
        runRows(
          this.sql,
          'INSERT INTO entity_clock (label, id, time)',
          CLOCK_UPSERT,
          3,
          clocks.flatMap((c) => [c.label, c.id, c.time]),
        );
        this.receive(receipts);
        runRows(
          this.sql,
          'INSERT OR IGNORE INTO outbox (id, topic, key, value, headers)',
          '',
          5,
          outbox.flatMap((m) => [m.id, m.topic, m.key, m.value, JSON.stringify(m.headers)]),
        );
        return written;
      })
      .immediate();
    this.written(result.changed);
  }

  /**
   * The processed-event ledger. A rejected event may come again (a replay from the dead-letter
   * queue); anything else processed meanwhile makes the commit fail, naming the event, and the batch
   * is retried and finds it a duplicate. The rows go in together; only when fewer went in than were
   * given are they tried again one by one (in a savepoint), to name the one processed meanwhile.
   */
  private markProcessed(processed: readonly ProcessedEvent[]): void {
    const values = processed.flatMap((p) => [p.source, p.id, p.digest, p.time, p.disposition]);
    const together = this.db.transaction(() => {
      if (runRows(this.sql, PROCESSED_HEAD, PROCESSED_UNLESS_DONE, 5, values) < processed.length) throw SHORT;
    });
    try {
      together();
    } catch (error) {
      if (error !== SHORT) throw error;
      const one = this.sql.get(`${PROCESSED_HEAD} VALUES (?, ?, ?, ?, ?) ${PROCESSED_UNLESS_DONE}`);
      for (const p of processed)
        if (one.run(p.source, p.id, p.digest, p.time, p.disposition).changes === 0)
          throw new ProcessedMeanwhile(p.source, p.id);
    }
  }

  /**
   * The receipts of the delivered messages: each message is handled once. One already receipted
   * (another connector on the same partition committed it meanwhile) fails the commit, naming it.
   */
  private receive(receipts: EventCommit['receipts']): void {
    const values = receipts.flatMap((r) => [
      r.topic,
      r.partition,
      Number(r.offset),
      r.source,
      r.eventId,
      r.disposition,
      r.reason,
    ]);
    if (runRows(this.sql, RECEIPT_HEAD, 'ON CONFLICT DO NOTHING', 7, values) === receipts.length) return;
    const [first, last] = [receipts[0], receipts.at(-1)];
    throw new DeliveredMeanwhile(first?.topic ?? '', first?.partition ?? -1, `${first?.offset}..${last?.offset}`);
  }

  async pendingOutbox(limit: number): Promise<OutboxMessage[]> {
    const rows = this.sql
      .get('SELECT id, topic, key, value, headers FROM outbox ORDER BY seq LIMIT ?')
      .all(limit) as OutboxRow[];
    return rows.map(outboxMessage);
  }

  async claimOutbox({ limit, claimant, now, leaseMs, orphans = [] }: OutboxClaim): Promise<OutboxMessage[]> {
    const rows = this.sql
      .get(
        `UPDATE outbox SET claimant = ?, claimed_until = ? WHERE seq IN (SELECT seq FROM outbox
           WHERE claimant IS NULL OR claimed_until <= ? OR claimant = ?
             OR claimant IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?)
         RETURNING seq, id, topic, key, value, headers`,
      )
      .all(claimant, now + leaseMs, now, claimant, JSON.stringify(orphans), limit) as (OutboxRow & {
      seq: number;
    })[];
    return rows.sort((a, b) => a.seq - b.seq).map(({ seq: _, ...r }) => outboxMessage(r));
  }

  async outboxClaimants(): Promise<string[]> {
    const rows = this.sql.get('SELECT DISTINCT claimant FROM outbox WHERE claimant IS NOT NULL').all();
    return (rows as { claimant: string }[]).map((r) => r.claimant);
  }

  async releaseOutbox(ids: readonly string[], claimant: string): Promise<void> {
    if (ids.length === 0) return;
    this.sql
      .get(
        `UPDATE outbox SET claimant = NULL, claimed_until = NULL
         WHERE claimant = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(claimant, JSON.stringify(ids));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.sql.get('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
  }

  async receipts({ topic, partition, from, to }: { topic: string; partition: number; from: string; to: string }) {
    const rows = this.sql
      .get(
        `SELECT topic, partition, offset, source, event_id AS eventId, disposition, reason FROM receipt
         WHERE topic = ? AND partition = ? AND offset BETWEEN ? AND ? ORDER BY offset`,
      )
      .all(topic, partition, Number(from), Number(to)) as (Omit<Receipt, 'offset'> & { offset: number })[];
    return rows.map((r) => ({ ...r, offset: String(r.offset) }));
  }

  async receiptCounts({ topic, partition, from, to }: { topic: string; partition: number; from: string; to: string }) {
    return this.sql
      .get(
        `SELECT disposition, reason, count(*) AS count FROM receipt
         WHERE topic = ? AND partition = ? AND offset BETWEEN ? AND ?
         GROUP BY disposition, reason ORDER BY min(offset)`,
      )
      .all(topic, partition, Number(from), Number(to)) as ReceiptCount[];
  }

  async getByIds<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeOf<L> | null)[]> {
    if (ids.length === 0) return [];
    const cache = this.cache;
    if (!cache) return this.readByIds(label, ids);
    cache.fresh();
    return cache.getMany(label, ids, (missing) =>
      this.readByIds(
        label,
        missing.map((i) => ids[i] as string),
      ),
    );
  }

  private readByIds<L extends NodeLabel>(label: L, ids: readonly string[]): (NodeOf<L> | null)[] {
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
    const key = `${filter.sql}\u0000${JSON.stringify(filter.params)}\u0000${after ?? ''}\u0000${first}`;
    this.cache?.fresh();
    const hit = this.cache?.get<FindResult<NodeOf<L>>>('find', key);
    if (hit) return hit;
    const rows = this.sql
      .get(`SELECT data FROM node WHERE ${filter.sql} AND id > ? ORDER BY id LIMIT ?`)
      .pluck()
      .all(...filter.params, after ?? '', first + 1) as string[];
    const totalCount = this.sql
      .get(`SELECT count(*) FROM node WHERE ${filter.sql}`)
      .pluck()
      .get(...filter.params) as number;
    const result: FindResult<NodeOf<L>> = {
      records: rows.slice(0, first).map((data) => JSON.parse(data) as NodeOf<L>),
      totalCount,
      hasNextPage: rows.length > first,
    };
    // A page of thousands (a feed's candidates) would make one entry weigh as much as the rest.
    return this.cache && result.records.length <= CACHED_PAGE_MAX ? this.cache.set('find', key, result) : result;
  }

  /**
   * One prepared statement on the subject's index and the subject as the cache's key: `find`'s SQL
   * built from predicates and its key serialised from them cost more than the read of a cached page.
   */
  async consentsOf(subject: string): Promise<readonly Consent[]> {
    const cache = this.cache;
    if (!cache) return this.readConsentsOf(subject);
    cache.fresh();
    const hit = cache.get<readonly Consent[]>('consentsOf', subject);
    if (hit) return hit;
    const records = this.readConsentsOf(subject);
    // As `find` keeps its pages: a subject's thousand consents would weigh as much as the rest.
    return records.length <= CACHED_PAGE_MAX ? cache.set('consentsOf', subject, records) : records;
  }

  private readConsentsOf(subject: string): Consent[] {
    const rows = this.sql
      .get(
        `SELECT data FROM node WHERE label = 'Consent' AND json_extract(data, '$.subject') = ?
         ORDER BY id LIMIT ${CONSENTS_OF_MAX}`,
      )
      .pluck()
      .all(subject) as string[];
    return rows.map((data) => JSON.parse(data) as Consent);
  }

  async related(label: NodeLabel, ids: readonly string[], { type, direction }: RelationQuery) {
    const sql =
      direction === 'out'
        ? `SELECT from_id AS key, to_id AS id FROM edge
           WHERE from_label = ? AND type = ? AND from_id IN (SELECT value FROM json_each(?)) ORDER BY to_id`
        : `SELECT to_id AS key, from_id AS id FROM edge
           WHERE to_label = ? AND type = ? AND to_id IN (SELECT value FROM json_each(?)) ORDER BY from_id`;
    const read = (from: readonly string[]) => {
      const rows = this.sql.get(sql).all(label, type, JSON.stringify(from)) as { key: string; id: string }[];
      const out = new Map<string, string[]>(from.map((id) => [id, []]));
      for (const { key, id } of rows) out.get(key)?.push(id);
      return out;
    };
    const cache = this.cache;
    if (!cache) return read(ids);
    cache.fresh();
    const related = cache.getMany(`related\u0000${direction}\u0000${label}\u0000${type}`, ids, (missing) => {
      const from = missing.map((i) => ids[i] as string);
      const fetched = read(from);
      return from.map((id) => fetched.get(id) ?? []);
    });
    return new Map(ids.map((id, i) => [id, related[i] as string[]]));
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
