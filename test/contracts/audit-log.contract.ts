/**
 * The audit-log port's contract, run against every adapter: the SQLite file in `npm test`, Neo4j in
 * `npm run test:integration`. Each adapter supplies a fresh empty log, a second handle on the same
 * log (another process's view) and a way to tamper with it as someone with database access would.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../services/consent/audit/audit-log.port.js';

/** `reindex`: record 2's indexed subject (column or property) rewritten to p-0005, its entry left as it was. */
export type Tampering = 'edit' | 'delete' | 'swap' | 'insert' | 'rehash' | 'reindex';

export interface AuditLogUnderTest {
  readonly log: AuditLog;
  /** Another handle on the same log, as a second process would open it. */
  another(): Promise<AuditLog>;
  /** Changes the stored records behind the log's back: edit seq 2, delete seq 3, swap 3 and 4, copy 2 as 6, rehash 4. */
  tamper(kind: Tampering): Promise<void>;
  close(): Promise<void>;
}

export function entry(i: number, subject = 'p-0004'): AuditEntry {
  return {
    at: `2026-02-01T10:00:${String(i % 60).padStart(2, '0')}+08:00`,
    actor: {
      subject: 'f0000000-0000-4000-a000-000000000001',
      username: 'hk-official',
      clientId: 'gba-cli',
      agency: 'hk-td',
      jurisdiction: 'HK',
      roles: ['official'],
    },
    subject,
    categories: ['identity'],
    resource: 'case case-0001',
    purpose: 'licence-conversion',
    consentId: 'con-0001',
    consentVersion: 1,
    decision: i % 2 ? 'allow' : 'deny',
    reason: i % 2 ? 'consent con-0001' : 'no consent covers it',
    requestId: `req-${i}`,
  };
}

export function auditLogContract(name: string, open: () => Promise<AuditLogUnderTest>): void {
  describe(`audit log contract: ${name}`, () => {
    /** Five records in two appends; p-0005 owns the fourth. */
    async function ofFive(): Promise<AuditLogUnderTest> {
      const t = await open();
      await t.log.append([entry(1), entry(2)]);
      await t.log.append([entry(3), entry(4, 'p-0005'), entry(5)]);
      return t;
    }

    it('chains records across appends, serves them by subject in pages, and verifies intact', async () => {
      const t = await ofFive();
      try {
        expect(await t.log.verify()).toEqual({ ok: true, records: 5, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
        const p4 = await t.log.bySubject('p-0004', { first: 10 });
        expect(p4.map((r) => r.seq)).toEqual([5, 3, 2, 1]);
        expect(p4[2]?.prevHash).toBe(p4[3]?.hash);
        expect(p4[3]).toMatchObject({ ...entry(1), seq: 1 });
        expect((await t.log.bySubject('p-0004', { first: 2, before: 5 })).map((r) => r.seq)).toEqual([3, 2]);
        expect(await t.log.countBySubject('p-0004')).toBe(4);
        // Entries carry +08:00; the range is in UTC: records 2 to 4 of p-0004's are 2 and 3.
        const range = { since: '2026-02-01T02:00:02.000Z', until: '2026-02-01T02:00:05.000Z' };
        expect((await t.log.bySubject('p-0004', { first: 10, ...range })).map((r) => r.seq)).toEqual([3, 2]);
        expect((await t.log.bySubject('p-0004', { first: 10, since: range.since })).map((r) => r.seq)).toEqual([
          5, 3, 2,
        ]);
        expect(await t.log.countBySubject('p-0004', range)).toBe(2);
        expect(await t.log.countBySubject('p-9999')).toBe(0);
      } finally {
        await t.close();
      }
    });

    it('narrows a subject’s records to one agency’s callers or one outcome, and tells the head without walking the chain', async () => {
      const t = await open();
      try {
        expect(await t.log.head()).toEqual({ length: 0, hash: '0'.repeat(64) });
        const byGd = { ...entry(3), actor: { ...entry(3).actor, agency: 'gd-psd' } };
        await t.log.append([entry(1), entry(2), byGd, entry(4)]);
        const seqs = async (filter: Parameters<AuditLog['countBySubject']>[1]) =>
          (await t.log.bySubject('p-0004', { first: 10, ...filter })).map((r) => r.seq);
        expect(await seqs({ agency: 'gd-psd' })).toEqual([3]);
        expect(await seqs({ decision: 'deny' })).toEqual([4, 2]);
        expect(await seqs({ agency: 'hk-td', decision: 'allow' })).toEqual([1]);
        expect(await t.log.countBySubject('p-0004', { decision: 'deny' })).toBe(2);
        expect(await t.log.countBySubject('p-0004', { agency: 'gd-psd' })).toBe(1);
        const verified = await t.log.verify();
        expect(await t.log.head()).toEqual({ length: 4, hash: verified.ok ? verified.head : 'not intact' });
      } finally {
        await t.close();
      }
    });

    it('keeps one chain when two handles append at the same time', async () => {
      const t = await open();
      const other = await t.another();
      try {
        await Promise.all([
          ...Array.from({ length: 20 }, (_, i) => t.log.append([entry(2 * i), entry(2 * i + 1)])),
          ...Array.from({ length: 20 }, (_, i) => other.append([entry(100 + i, 'p-0005')])),
        ]);
        expect(await t.log.verify()).toMatchObject({ ok: true, records: 60 });
        expect(await other.countBySubject('p-0005')).toBe(20);
      } finally {
        await other.close();
        await t.close();
      }
    });

    it.each([
      ['edit', 2, /edited/],
      ['delete', 4, /deleted, inserted or moved/],
      ['swap', 3, /link|deleted, inserted or moved|edited/],
      ['insert', 6, /link|deleted, inserted or moved/],
      ['rehash', 4, /edited/],
      ['reindex', 2, /indexed subject/],
    ] as const)('names the first bad record after tampering: %s', async (kind, firstBad, problem) => {
      const t = await ofFive();
      try {
        await t.tamper(kind);
        expect(await t.log.verify()).toMatchObject({ ok: false, firstBad, problem: expect.stringMatching(problem) });
      } finally {
        await t.close();
      }
    });

    it('never shows a record whose indexed subject was rewritten in the other person’s trail', async () => {
      const t = await ofFive();
      try {
        await t.tamper('reindex');
        expect((await t.log.bySubject('p-0005', { first: 10 })).map((r) => r.seq)).toEqual([4]);
        expect(await t.log.verify()).toMatchObject({ ok: false, firstBad: 2 });
      } finally {
        await t.close();
      }
    });
  });
}
