/**
 * Group commit of audit appends. The inner log is the real SQLite log behind a gate that holds each
 * append as a network round trip would, so the test decides what is in flight while others arrive.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog, AuditRecord } from '../../services/consent/audit/audit-log.port.js';
import { GroupCommitAuditLog } from '../../services/consent/audit/group-commit.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { entry } from '../contracts/audit-log.contract.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
let n = 0;

/** The SQLite log, each append held until `release` (or failed by `fail`), in the order they came. */
function roundTrips() {
  const path = join(dir.path, `audit-${n++}.db`);
  const sqlite = new SqliteAuditLog({ path });
  const held: ((ok: boolean) => void)[] = [];
  const sizes: number[] = [];
  const inner: AuditLog = {
    append: async (entries) => {
      sizes.push(entries.length);
      const ok = await new Promise<boolean>((go) => held.push(go));
      if (!ok) throw new Error('connection lost');
      return sqlite.append(entries);
    },
    bySubject: (subject, page) => sqlite.bySubject(subject, page),
    countBySubject: (subject) => sqlite.countBySubject(subject),
    verify: () => sqlite.verify(),
    head: () => sqlite.head(),
    close: () => sqlite.close(),
  };
  /** Lets the oldest held append go on (or fail), once it has been sent. */
  const settle = async (ok: boolean) => {
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    held.shift()?.(ok);
  };
  return { path, inner, sizes, release: () => settle(true), fail: () => settle(false) };
}

const seqs = (records: AuditRecord[]) => records.map((r) => r.seq);
const entries = (...ids: number[]): AuditEntry[] => ids.map((i) => entry(i));

describe('audit log group commit', () => {
  it('sends a lone append at once, in a transaction of its own', async () => {
    const rt = roundTrips();
    const log = new GroupCommitAuditLog(rt.inner);
    const a = log.append(entries(1, 2));
    expect(rt.sizes).toEqual([2]);
    await rt.release();
    expect(seqs(await a)).toEqual([1, 2]);
    await log.close();
  });

  it('sends the appends made while one is in flight together, each caller getting its own records in order', async () => {
    const rt = roundTrips();
    const log = new GroupCommitAuditLog(rt.inner);
    const a = log.append(entries(1, 2));
    const b = log.append(entries(3));
    const c = log.append(entries(4, 5));
    expect(rt.sizes).toEqual([2]);
    await rt.release();
    expect(seqs(await a)).toEqual([1, 2]);
    await rt.release();
    const [rb, rc] = await Promise.all([b, c]);
    expect(rt.sizes).toEqual([2, 3]);
    expect(seqs(rb)).toEqual([3]);
    expect(seqs(rc)).toEqual([4, 5]);
    expect(rc[0]).toMatchObject({ requestId: 'req-4', prevHash: rb[0]?.hash });
    expect(await log.verify()).toMatchObject({ ok: true, records: 5 });
    await log.close();
  });

  it('refuses every caller of a failed transaction, appends none of their entries, and goes on with the next', async () => {
    const rt = roundTrips();
    const log = new GroupCommitAuditLog(rt.inner);
    const a = log.append(entries(1));
    const b = log.append(entries(2));
    const c = log.append(entries(3, 4));
    await rt.release();
    await rt.fail();
    await expect(b).rejects.toThrow('connection lost');
    await expect(c).rejects.toThrow('connection lost');
    expect(seqs(await a)).toEqual([1]);
    const d = log.append(entries(5));
    await rt.release();
    expect(seqs(await d)).toEqual([2]);
    expect(rt.sizes).toEqual([1, 3, 1]);
    expect(await log.verify()).toMatchObject({ ok: true, records: 2 });
    expect((await log.bySubject('p-0004', { first: 10 })).map((r) => r.requestId)).toEqual(['req-5', 'req-1']);
    await log.close();
  });

  it('keeps a group within maxEntries and never splits one caller’s entries', async () => {
    const rt = roundTrips();
    const log = new GroupCommitAuditLog(rt.inner, { maxEntries: 3 });
    const all = [
      log.append(entries(1)),
      log.append(entries(2, 3)),
      log.append(entries(4, 5)),
      log.append(entries(6)),
      log.append(entries(7, 8, 9, 10)),
    ];
    for (let i = 0; i < 4; i++) await rt.release();
    const records = await Promise.all(all);
    expect(rt.sizes).toEqual([1, 2, 3, 4]);
    expect(records.map(seqs)).toEqual([[1], [2, 3], [4, 5], [6], [7, 8, 9, 10]]);
    expect(() => new GroupCommitAuditLog(rt.inner, { maxEntries: 0 })).toThrow(/maxEntries/);
    await log.close();
  });

  it('starts a new run for an append made just as the last one settles', async () => {
    const sqlite = new SqliteAuditLog({ path: join(dir.path, `audit-${n++}.db`) });
    const log = new GroupCommitAuditLog(sqlite);
    // The SQLite log answers at once, and each append is made as the one before settles: in the
    // microtask right after, before the run that sent the one before has returned.
    const chain = (i: number): Promise<AuditRecord[]> =>
      log.append(entries(i)).then((records) => (i < 50 ? chain(i + 1) : records));
    const last = chain(1);
    expect(seqs(await last)).toEqual([50]);
    expect(await log.verify()).toMatchObject({ ok: true, records: 50 });
    await log.close();
  });

  it('waits for queued appends before it closes', async () => {
    const rt = roundTrips();
    const log = new GroupCommitAuditLog(rt.inner);
    const a = log.append(entries(1));
    const b = log.append(entries(2));
    const closed = log.close();
    await rt.release();
    await rt.release();
    await closed;
    expect([...seqs(await a), ...seqs(await b)]).toEqual([1, 2]);
    const reopened = new SqliteAuditLog({ path: rt.path });
    expect(await reopened.verify()).toMatchObject({ ok: true, records: 2 });
    await reopened.close();
  });
});
