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

/** Commits by every handle of this process, whatever its file: a change it must look for at once. */
let committedHere = 0;

export class ReadCache {
  /**
   * Entries by space (a label, a relationship, pages) and then by key (an id): a key made by joining
   * the two was a new string at every look-up, hashed again each time, which cost more than the
   * look-up itself on a page of records; ids read from the store keep their hash.
   */
  private readonly spaces = new Map<string, Map<string, unknown>>();
  /** Every entry once, oldest first from `oldest`: the order in which they go past `max`. */
  private order: { readonly map: Map<string, unknown>; readonly key: string }[] = [];
  private oldest = 0;
  private count = 0;
  private readonly dataVersion: Database.Statement;
  private version: unknown;
  private looked = false;
  private committedHereSeen = committedHere;
  private readonly lookAgain = () => {
    this.looked = false;
  };

  constructor(
    db: Database.Database,
    /** Entries kept; the oldest goes first past this. @default 10_000 */
    private readonly max = 10_000,
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.version = this.dataVersion.get();
  }

  /**
   * Empties the cache if another connection committed since the last look; call before each read.
   * One look serves every read of the same synchronous run (until the next microtask) unless a handle
   * of this process committed meanwhile: another process's commit is not looked for again before then,
   * and a look takes SQLite's WAL locks (a few µs of system time), while a request's loaders read one
   * batch per label back to back. A reader that keys answers by the version asks `look()` instead.
   */
  fresh(): void {
    if (this.looked && this.committedHereSeen === committedHere) return;
    this.looked = true;
    this.committedHereSeen = committedHere;
    queueMicrotask(this.lookAgain);
    const version = this.dataVersion.get();
    if (version === this.version) return;
    this.version = version;
    this.clear();
  }

  /**
   * Looks at `data_version` now, whatever this run has looked at already, and answers the version the
   * cached values belong to. A key made of it (the response cache's) is then never newer than what
   * the reads after it serve: a look skipped for the run could otherwise see an older file.
   */
  look(): unknown {
    this.looked = false;
    this.fresh();
    return this.version;
  }

  /** Told of every commit by a handle of this process, which the next read of any handle looks for. */
  static committed(): void {
    committedHere++;
  }

  /** After this connection's own writes (which `data_version` does not count). */
  clear(): void {
    this.spaces.clear();
    this.order = [];
    this.oldest = 0;
    this.count = 0;
  }

  get<T>(space: string, key: string): T | undefined {
    return this.spaces.get(space)?.get(key) as T | undefined;
  }

  /**
   * The values of these keys: the cached ones as they are, the others read together by `readMissing`
   * (given their indexes, answering in the same order) and kept. Reading and keeping happen in one
   * synchronous step: an await between them would let a write of this connection clear the cache,
   * and the value read before it would then be kept after it.
   */
  getMany<T>(space: string, keys: readonly string[], readMissing: (indexes: readonly number[]) => readonly T[]): T[] {
    const map = this.spaces.get(space);
    const found = new Array<T>(keys.length);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const value = map?.get(keys[i] as string) as T | undefined;
      if (value === undefined) missing.push(i);
      else found[i] = value;
    }
    if (missing.length === 0) return found;
    const read = readMissing(missing);
    missing.forEach((index, j) => {
      found[index] = this.set(space, keys[index] as string, read[j] as T);
    });
    return found;
  }

  /** Freezes the value (deeply) and keeps it; returns the frozen value. */
  set<T>(space: string, key: string, value: T): T {
    let map = this.spaces.get(space);
    if (!map) {
      map = new Map();
      this.spaces.set(space, map);
    }
    if (!map.has(key)) {
      while (this.count >= this.max) this.evictOldest();
      this.order.push({ map, key });
      this.count++;
    }
    map.set(key, deepFreeze(value));
    return value;
  }

  private evictOldest(): void {
    const entry = this.order[this.oldest++];
    if (!entry) return;
    entry.map.delete(entry.key);
    this.count--;
    // The evicted front of the order is dropped once it is most of the array.
    if (this.oldest > 1024 && this.oldest * 2 > this.order.length) {
      this.order = this.order.slice(this.oldest);
      this.oldest = 0;
    }
  }

  get size(): number {
    return this.count;
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
