/**
 * Parsed records, query pages and relationships of one SQLite connection, kept while the file is unchanged.
 *
 * Reading a record costs a query and a JSON parse; most reads of this platform ask again for what
 * an earlier request read (the same practices, services and agencies). The cache is exact, never
 * stale by a time-to-live: `PRAGMA data_version` changes whenever another connection (another
 * process, or another handle in this one) commits, and `fresh()` empties the cache when it has; the
 * connection's own writes call `clear()`. Cached values are deeply frozen, so a caller that tried to
 * change a shared record would throw instead of corrupting the next request's answer.
 */
import type Database from 'better-sqlite3';

export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private readonly dataVersion: Database.Statement;
  private version: unknown;

  constructor(
    db: Database.Database,
    /** Entries kept; the oldest goes first past this. @default 10_000 */
    private readonly max = 10_000,
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.version = this.dataVersion.get();
  }

  /** Empties the cache if another connection committed since the last look; call before each read. */
  fresh(): void {
    const version = this.dataVersion.get();
    if (version === this.version) return;
    this.version = version;
    this.entries.clear();
  }

  /** After this connection's own writes (which `data_version` does not count). */
  clear(): void {
    this.entries.clear();
  }

  get<T>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  /**
   * The values of these keys: the cached ones as they are, the others read together by `readMissing`
   * (given their indexes, answering in the same order) and kept. Reading and keeping happen in one
   * synchronous step: an await between them would let a write of this connection clear the cache,
   * and the value read before it would then be kept after it.
   */
  getMany<T>(keys: readonly string[], readMissing: (indexes: readonly number[]) => readonly T[]): T[] {
    const found = keys.map((k) => this.entries.get(k) as T | undefined);
    const missing = found.flatMap((v, i) => (v === undefined ? [i] : []));
    if (missing.length === 0) return found as T[];
    const read = readMissing(missing);
    missing.forEach((index, j) => {
      found[index] = this.set(keys[index] as string, read[j] as T);
    });
    return found as T[];
  }

  /** Freezes the value (deeply) and keeps it; returns the frozen value. */
  set<T>(key: string, value: T): T {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, deepFreeze(value));
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
