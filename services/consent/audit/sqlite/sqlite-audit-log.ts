/**
 * The embedded audit log: one SQLite file, append-only (triggers refuse UPDATE and DELETE), each
 * record hash-chained to the one before. Appends are IMMEDIATE transactions, so two processes never
 * interleave the chain.
 */
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../../shared/sqlite-file.js';
import { runRows, Statements } from '../../../shared/sqlite-statements.js';
import { WalCheckpointer } from '../../../shared/wal-checkpointer.js';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditLog,
  type AuditPage,
  type AuditRecord,
  auditBounds as bounds,
  type ChainHead,
  chainHash,
  GENESIS_HASH,
  parseStoredEntry,
  recordBody,
  type VerifyResult,
  verifyChain,
} from '../audit-log.port.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    entry TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject, seq);
  CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

interface Row {
  seq: number;
  entry: string;
  prev_hash: string;
  hash: string;
}

/** The agency and outcome conditions: each holds when its filter is absent. */
const NARROW = `AND (? IS NULL OR json_extract(entry, '$.actor.agency') = ?) AND (? IS NULL OR json_extract(entry, '$.decision') = ?)`;
const narrowing = ({ agency, decision }: AuditFilter) => [
  agency ?? null,
  agency ?? null,
  decision ?? null,
  decision ?? null,
];

const toRecord = (r: Row): AuditRecord => ({
  ...(JSON.parse(r.entry) as AuditEntry),
  seq: r.seq,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export class SqliteAuditLog implements AuditLog {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly appendTransaction: (entries: readonly AuditEntry[]) => AuditRecord[];

  constructor({ path, onCheckpointFallback }: { path: string; onCheckpointFallback?: (reason: string) => void }) {
    // WAL with NORMAL: a committed record survives a crash of the process; surviving power loss too
    // would take FULL, one fsync per request (about 2 ms here). See the README's audit-log section.
    this.db = openSqliteFile(path);
    this.db.exec(SCHEMA);
    this.sql = new Statements(this.db);
    // Checkpoints run in a worker, not in the append that a request waits for.
    this.checkpointer = path === ':memory:' ? null : new WalCheckpointer(this.db, { onFallback: onCheckpointFallback });
    const head = this.sql.get('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    const append = this.db.transaction((entries: readonly AuditEntry[]) => {
      const last = head.get() as { seq: number; hash: string } | undefined;
      let seq = last?.seq ?? 0;
      let prev = last?.hash ?? GENESIS_HASH;
      const rows: unknown[] = [];
      const records = entries.map((entry) => {
        seq++;
        // The stored entry is the hashed body itself (seq included): one encoding per record.
        const body = recordBody(seq, entry);
        const hash = chainHash(prev, body);
        rows.push(seq, entry.subject, body, prev, hash);
        const record = { ...entry, seq, prevHash: prev, hash };
        prev = hash;
        return record;
      });
      // A batch's records in a few multi-row statements, in chain order.
      runRows(this.sql, 'INSERT INTO audit (seq, subject, entry, prev_hash, hash)', '', 5, rows);
      return records;
    });
    this.appendTransaction = (entries) => append.immediate(entries);
  }

  async append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    return this.appendTransaction(entries);
  }

  /** `at` may carry any offset: it is compared in the UTC form the range is given in. */
  async bySubject(subject: string, { first, before, ...filter }: AuditPage): Promise<AuditRecord[]> {
    const rows = this.sql
      .get(
        `SELECT seq, entry, prev_hash, hash FROM audit
         WHERE subject = ? AND json_extract(entry, '$.subject') = subject AND seq < ? AND strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(entry, '$.at')) >= ? AND strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(entry, '$.at')) < ?
         ${NARROW}
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(subject, before ?? Number.MAX_SAFE_INTEGER, ...bounds(filter), ...narrowing(filter), first) as Row[];
    return rows.map(toRecord);
  }

  async countBySubject(subject: string, filter: AuditFilter = {}): Promise<number> {
    return this.sql
      .get(
        `SELECT count(*) FROM audit
         WHERE subject = ? AND json_extract(entry, '$.subject') = subject AND strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(entry, '$.at')) >= ? AND strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(entry, '$.at')) < ? ${NARROW}`,
      )
      .pluck()
      .get(subject, ...bounds(filter), ...narrowing(filter)) as number;
  }

  async head(): Promise<ChainHead> {
    const last = this.sql.get('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
    return { length: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
  }

  async verify(): Promise<VerifyResult> {
    const rows = this.sql
      .get('SELECT seq, subject, entry, prev_hash, hash FROM audit ORDER BY rowid')
      .iterate() as IterableIterator<Row & { subject: string }>;
    function* records() {
      for (const r of rows)
        yield {
          seq: r.seq,
          prevHash: r.prev_hash,
          hash: r.hash,
          entry: parseStoredEntry(r.entry),
          indexed: { subject: r.subject },
        };
    }
    return verifyChain(records());
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
