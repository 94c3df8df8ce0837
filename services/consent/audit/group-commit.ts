/**
 * Group commit for the audit log. An append on Neo4j waits on round trips while it holds the chain
 * head's lock, and every replica queues behind that lock, so one transaction per request bounds the
 * whole platform's disclosures of personal data to the leader's rate of short write transactions.
 * Here the appends a process makes while one of its appends is in flight wait in a queue and go out
 * together in the next transaction: under load a process takes the lock once per group, not once per
 * request. An append with nothing in flight goes out at once, so a lone request waits no longer.
 *
 * Each caller's promise settles when the transaction holding its entries has committed, with its own
 * records. If that transaction fails, every caller in it is refused and none of their entries is
 * appended (the inner log appends a group in one transaction), so each of them fails closed.
 */
import type {
  AuditEntry,
  AuditFilter,
  AuditLog,
  AuditPage,
  AuditRecord,
  ChainHead,
  VerifyResult,
} from './audit-log.port.js';

interface Pending {
  readonly entries: readonly AuditEntry[];
  readonly resolve: (records: AuditRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most entries in one transaction; a caller's entries are never split. @default 1000 */
  readonly maxEntries?: number;
}

export class GroupCommitAuditLog implements AuditLog {
  private readonly inner: AuditLog;
  private readonly maxEntries: number;
  private queue: Pending[] = [];
  /** True from the first send until the queue is found empty, in the same step as that check. */
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(inner: AuditLog, { maxEntries = 1000 }: GroupCommitOptions = {}) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('maxEntries must be a whole number ≥ 1');
    this.inner = inner;
    this.maxEntries = maxEntries;
  }

  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    return new Promise<AuditRecord[]>((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.running) this.done = this.send();
    });
  }

  /**
   * Sends groups until the queue is empty; the first goes to the inner log before this returns. The
   * flag drops in the same synchronous step that finds the queue empty, so an append made after that
   * starts a new run instead of waiting in a queue nobody sends.
   */
  private async send(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        const records = await this.inner.append(group.flatMap((p) => p.entries));
        let at = 0;
        for (const p of group) {
          p.resolve(records.slice(at, at + p.entries.length));
          at += p.entries.length;
        }
      } catch (error) {
        for (const p of group) p.reject(error);
      }
    }
    this.running = false;
  }

  /** The oldest callers whose entries fit in one transaction (always at least one caller). */
  private takeGroup(): Pending[] {
    let size = 0;
    let n = 0;
    for (const p of this.queue) {
      if (n > 0 && size + p.entries.length > this.maxEntries) break;
      size += p.entries.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  bySubject(subject: string, page: AuditPage): Promise<AuditRecord[]> {
    return this.inner.bySubject(subject, page);
  }

  countBySubject(subject: string, filter?: AuditFilter): Promise<number> {
    return this.inner.countBySubject(subject, filter);
  }

  verify(): Promise<VerifyResult> {
    return this.inner.verify();
  }

  head(): Promise<ChainHead> {
    return this.inner.head();
  }

  /** Waits for the queued appends, then closes the inner log. */
  async close(): Promise<void> {
    while (this.running) await this.done;
    await this.inner.close();
  }
}
