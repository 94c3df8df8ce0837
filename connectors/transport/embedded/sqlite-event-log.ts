/**
 * The embedded twin of Kafka: a durable log in one SQLite file. Topics have keyed partitions (the
 * same partitioner as Kafka), offsets are dense per partition, and consumer groups commit offsets.
 * A group member leases the partitions it reads; a lease lapses when its holder stops renewing it or,
 * on this host, when the holder's process is gone, so a restarted connector resumes at once from the
 * last committed offset. Several processes may share the file (WAL, IMMEDIATE transactions).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../../services/shared/sqlite-file.js';
import { Statements } from '../../../services/shared/sqlite-statements.js';
import type {
  Batch,
  ConsumeOptions,
  DeliveredMessage,
  EventTransport,
  Offsets,
  OutgoingMessage,
  RunningConsumer,
  TopicMessages,
  TopicSpec,
} from '../event-transport.port.js';
import { partitionFor } from '../partitioner.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS topic (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS message (
    topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
    key TEXT, value BLOB NOT NULL, headers TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (topic, partition, offset)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS group_offset (
    group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS group_lease (
    group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
    member TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
`;

/** The event log's page cache (KiB): several thousand messages just published stay in memory. */
const LOG_CACHE_KIB = 16_384;

export interface SqliteEventLogOptions {
  readonly path: string;
  /** How long a consumer waits before looking again at partitions with nothing new. @default 20 */
  readonly pollIntervalMs?: number;
  /** A lease not renewed for this long lapses. @default 10000 */
  readonly leaseMs?: number;
  /** How long a call waits for another process's write to finish before failing. @default 5000 */
  readonly busyTimeoutMs?: number;
}

interface Row {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
  timestamp: number;
}

const toMessage = (r: Row): DeliveredMessage => ({
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  key: r.key,
  value: r.value,
  headers: JSON.parse(r.headers) as Record<string, string>,
  timestamp: String(r.timestamp),
});

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SqliteEventLog implements EventTransport {
  readonly engine = 'embedded';
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly consumers = new Set<RunningConsumer>();
  private roundRobin = 0;

  constructor({ path, pollIntervalMs = 20, leaseMs = 10_000, busyTimeoutMs = 5000 }: SqliteEventLogOptions) {
    this.db = openSqliteFile(path, { busyTimeoutMs });
    // A connector in the process that published (gba ingest publishes a file, then drains it) reads
    // what was appended just before: with SQLite's default 2 MiB page cache those pages were evicted
    // already, and each batch's read went back to the file page by page (8.3 µs of SQL per message in
    // bench:ingest, 4.1–4.9 with 16 MiB). Pages are allocated as they are used: an idle log holds no more.
    this.db.pragma(`cache_size = -${LOG_CACHE_KIB}`);
    this.db.exec(SCHEMA);
    this.sql = new Statements(this.db);
    this.pollIntervalMs = pollIntervalMs;
    this.leaseMs = leaseMs;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const add = this.sql.get('INSERT OR IGNORE INTO topic (name, partitions) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const { topic, partitions } of specs) {
        if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`${topic}: partitions must be ≥ 1`);
        add.run(topic, partitions);
      }
    })();
  }

  private partitions(topic: string): number {
    const n = this.sql.get('SELECT partitions FROM topic WHERE name = ?').pluck().get(topic) as number | undefined;
    if (n === undefined) throw new Error(`topic ${topic} does not exist (ensureTopics creates it)`);
    return n;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]) {
    return this.db.transaction(() => this.append(topic, messages)).immediate();
  }

  async publishTogether(parts: readonly TopicMessages[]) {
    return this.db.transaction(() => parts.map((p) => this.append(p.topic, p.messages))).immediate();
  }

  /** Appends the messages to their partitions; inside a transaction the caller holds. */
  private append(topic: string, messages: readonly OutgoingMessage[]): { partition: number; offset: string }[] {
    const partitions = this.partitions(topic);
    const last = this.sql.get('SELECT max(offset) FROM message WHERE topic = ? AND partition = ?').pluck();
    const insert = this.sql.get(
      'INSERT INTO message (topic, partition, offset, key, value, headers, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const now = Date.now();
    const next = new Map<number, number>();
    return messages.map((m) => {
      const partition = m.key === null ? this.roundRobin++ % partitions : partitionFor(m.key, partitions);
      let offset = next.get(partition);
      if (offset === undefined) offset = ((last.get(topic, partition) as number | null) ?? -1) + 1;
      insert.run(topic, partition, offset, m.key, m.value, JSON.stringify(m.headers), now);
      next.set(partition, offset + 1);
      return { partition, offset: String(offset) };
    });
  }

  async endOffsets(topic: string): Promise<Offsets> {
    const partitions = this.partitions(topic);
    const rows = this.sql
      .get('SELECT partition, max(offset) AS last FROM message WHERE topic = ? GROUP BY partition')
      .all(topic) as { partition: number; last: number }[];
    const out: Offsets = new Map(Array.from({ length: partitions }, (_, p) => [p, '0']));
    for (const r of rows) out.set(r.partition, String(r.last + 1));
    return out;
  }

  async committedOffsets(groupId: string, topic: string): Promise<Offsets> {
    const rows = this.sql
      .get('SELECT partition, offset FROM group_offset WHERE group_id = ? AND topic = ?')
      .all(groupId, topic) as { partition: number; offset: number }[];
    return new Map(rows.map((r) => [r.partition, String(r.offset)]));
  }

  async readAll(topic: string): Promise<DeliveredMessage[]> {
    const rows = this.sql.get('SELECT * FROM message WHERE topic = ? ORDER BY partition, offset').all(topic) as Row[];
    return rows.map(toMessage);
  }

  async consume(options: ConsumeOptions): Promise<RunningConsumer> {
    const { groupId, topics, eachBatch, maxBatchSize = 500, onError } = options;
    if (!groupId) throw new Error('consume: groupId is required');
    if (topics.length === 0) throw new Error('consume: at least one topic is required');
    const assignments = topics.flatMap((topic) =>
      Array.from({ length: this.partitions(topic) }, (_, partition) => ({ topic, partition })),
    );
    const member = randomUUID();
    const host = hostname();
    let running = true;
    const claim = this.sql.get(
      `INSERT INTO group_lease (group_id, topic, partition, member, host, pid, expires_at)
       VALUES (@groupId, @topic, @partition, @member, @host, @pid, @expires)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET
         member = excluded.member, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at
       WHERE group_lease.member = excluded.member OR group_lease.expires_at < @now
          OR (group_lease.host = excluded.host AND group_lease.pid IN (SELECT value FROM json_each(@deadPids)))
       RETURNING partition`,
    );
    const holders = this.sql.get('SELECT DISTINCT pid FROM group_lease WHERE group_id = ? AND host = ?').pluck();
    const committed = this.sql
      .get('SELECT offset FROM group_offset WHERE group_id = ? AND topic = ? AND partition = ?')
      .pluck();
    const read = this.sql.get(
      'SELECT * FROM message WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?',
    );
    const owns = this.sql
      .get('SELECT 1 FROM group_lease WHERE group_id = ? AND topic = ? AND partition = ? AND member = ?')
      .pluck();
    const commit = this.sql.get(
      `INSERT INTO group_offset (group_id, topic, partition, offset) VALUES (?, ?, ?, ?)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET offset = excluded.offset`,
    );
    const release = this.sql.get('DELETE FROM group_lease WHERE group_id = ? AND member = ?');

    const claimAll = () =>
      this.db
        .transaction(() => {
          const now = Date.now();
          const deadPids = (holders.all(groupId, host) as number[]).filter((pid) => !processAlive(pid));
          const owned: { topic: string; partition: number }[] = [];
          for (const a of assignments) {
            const got = claim.get({
              groupId,
              ...a,
              member,
              host,
              pid: process.pid,
              expires: now + this.leaseMs,
              now,
              deadPids: JSON.stringify(deadPids),
            });
            if (got) owned.push(a);
          }
          return owned;
        })
        .immediate();

    const renewEveryMs = Math.min(1000, this.leaseMs / 3);
    let owned: { topic: string; partition: number }[] = [];
    let claimedAt = 0;
    /** One pass over the owned partitions; true when a batch was handed over. */
    const pass = async (): Promise<boolean> => {
      let worked = false;
      // Leases are renewed a few times per lease period, not on every poll: each claim is a write.
      if (Date.now() - claimedAt >= renewEveryMs) {
        owned = claimAll();
        claimedAt = Date.now();
      }
      for (const { topic, partition } of owned) {
        if (!running) break;
        const from = (committed.get(groupId, topic, partition) as number | undefined) ?? 0;
        const rows = read.all(topic, partition, from, maxBatchSize) as Row[];
        if (rows.length === 0) continue;
        const batch: Batch = { topic, partition, messages: rows.map(toMessage) };
        try {
          await eachBatch(batch);
          backoff = 100;
        } catch (error) {
          onError?.(error, batch);
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
          continue;
        }
        const next = (rows.at(-1) as Row).offset + 1;
        // Commit only while the lease is still ours: a member that lost it must not move the offset.
        this.db
          .transaction(() => {
            if (owns.get(groupId, topic, partition, member)) commit.run(groupId, topic, partition, next);
          })
          .immediate();
        worked = true;
      }
      return worked;
    };
    let backoff = 100;
    const loop = async () => {
      while (running) {
        let worked = false;
        try {
          worked = await pass();
        } catch (error) {
          // The log's own calls failed (another process held the file past the busy timeout, a full
          // disk): nothing was committed, so the batch comes again. Say so, back off, keep consuming.
          onError?.(error, null);
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
          claimedAt = 0;
          continue;
        }
        if (!worked) await sleep(this.pollIntervalMs);
      }
      try {
        release.run(groupId, member);
      } catch (error) {
        // The leases lapse on their own after leaseMs.
        onError?.(error, null);
      }
    };

    const done = loop();
    const consumer: RunningConsumer = {
      stop: async () => {
        running = false;
        await done;
        this.consumers.delete(consumer);
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    for (const c of [...this.consumers]) await c.stop();
    if (this.db.open) this.db.close();
  }
}
