/**
 * Rows of partner events ingested one after the other through `gba ingest` into a seeded SQLite
 * store, each on its own connectors' clock, and what each leaves: its dead letter's reason (or none)
 * and the consent as far as the row says. Shared by the tests of when a revocation or an expiry
 * takes effect (test/connectors/revocation-time.test.ts, expiry-time.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Consent } from '../../schema/domain/index.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn } from './gba-cli.js';

export const at = (hhmm: string, day = '15') => `2026-11-${day}T${hhmm}:00+08:00`;
export const iso = (time: string) => new Date(time).toISOString();
/** `2026-11-15 11:00:00`, the Mainland partners' way of writing at('11:00'). */
export const cst = (hhmm: string, day = '15') => `2026-11-${day} ${hhmm}:00`;

export const YUESHENGSHI = 'urn:gba:gd:yueshengshi';
export const ISHENZHEN = 'urn:gba:sz:ishenzhen';

/** A consent id, its subject and its case, as a Mainland consent event names them. */
export type ConsentNames = readonly [consentId: string, subject: string, caseId: string];
export const CON_0001: ConsentNames = ['con-0001', 'p-0004', 'case-0001'];

/** A Mainland consent manager's expiry of `consent` (Yueshengshi's of p-0004's con-0001 unless said), stating `expiry` (CST), sent at `time`. */
export const expiry = (
  id: string,
  expiry: string,
  time: string,
  [consentId, subject, caseId]: ConsentNames = CON_0001,
  source = YUESHENGSHI,
) => ({
  specversion: '1.0',
  id,
  source,
  type: 'cn.gd.authorization.expired',
  subject: consentId,
  time,
  datacontenttype: 'application/json',
  data: { shouquan_bh: consentId, shouquanren_bh: subject, shixiao_sj: expiry, pingtai_ajbh: caseId },
});

/** Yueshengshi's grant fixture (p-0005's data, gd-psd to hk-td for case-0002, identity, driving record, address). */
export const mainlandGrant = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      '../../connectors/partners/mainland/fixtures/gd-yueshengshi/cn.gd.authorization.granted.v1.json',
    ),
    'utf8',
  ),
).event as { data: Record<string, unknown> } & Record<string, unknown>;

/** Yueshengshi's grant of con-9001 (its fixture's, for another consent: p-0005's data, gd-psd to hk-td for case-0002), 10:00 to 2027, sent at `time`, `data` changed. */
export const con9001Grant = (id: string, time: string, data: Record<string, unknown> = {}) => ({
  ...mainlandGrant,
  id,
  subject: 'con-9001',
  time,
  data: {
    ...mainlandGrant.data,
    shouquan_bh: 'con-9001',
    shouquan_sj: cst('10:00'),
    youxiao_qz: '2027-01-01 00:00:00',
    ...data,
  },
});

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
/** A line of a sample event stream (deploy/seed/gba/events). */
export const sampleLines = (file: string) => readFileSync(join(EVENTS, file), 'utf8').split('\n');

/** A TD status of case-0001 carrying p-0004's identity under con-0001 (gd-psd to hk-td), sent at `time`: an access the gate audits. */
export const con0001Access = (id: string, time: string) => {
  const e = JSON.parse(sampleLines('hk-inbound.jsonl')[26] as string);
  return { ...e, id, time, data: { ...e.data, previousStatus: null, statusChangedAt: time } };
};

export interface ConsentRow {
  readonly title: string;
  readonly event: Record<string, unknown>;
  /** The connectors' clock when `gba ingest` runs. */
  readonly clock: string;
  /** The dead letter's reason, or null when the event is taken. */
  readonly refusal: string | null;
  /** The consent after the row, as far as it says. */
  readonly consent: [string, Partial<Consent>];
}

export async function consentOf(dir: string, id: string) {
  const store = new SqliteGraphStore({ path: join(dir, 'gba.db') });
  try {
    return (await store.getByIds('Consent', [id]))[0];
  } finally {
    await store.close();
  }
}

export async function auditOf(dir: string, subject: string) {
  const audit = new SqliteAuditLog({ path: join(dir, 'audit.db') });
  try {
    return (await audit.bySubject(subject, { first: 1000 })).toSorted((a, b) => a.seq - b.seq);
  } finally {
    await audit.close();
  }
}

/** Ingests the row's event on its clock and checks its dead letter and the consent. */
export async function ingestRow(dir: string, row: ConsentRow): Promise<void> {
  const gba = gbaIn(dir, new Date(row.clock));
  const file = join(dir, `${row.event.id}.jsonl`);
  writeFileSync(file, `${JSON.stringify(row.event)}\n`);
  expect((await gba(['ingest', file])).code).toBe(row.refusal ? 65 : 0);
  const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
    eventId: string;
    reason: string;
  }[];
  expect(letters.find((l) => l.eventId === row.event.id)?.reason ?? null).toBe(row.refusal);
  const [id, expected] = row.consent;
  expect(await consentOf(dir, id)).toMatchObject(expected);
}

/**
 * The audit trail of p-0004's con-0001 ended by the event `ending` processed at 13:00, between an access
 * at 12:00 (con0001Access, id `access-before`) and one at 14:00 (`access-after`): the access allowed, the
 * end recorded once with `reason`, the later access denied, and every ALLOW under con-0001 before its
 * `expiresAt`.
 */
export async function expectTruthfulExpiry(dir: string, ending: string, reason: string): Promise<void> {
  const mine = (await auditOf(dir, 'p-0004')).filter(
    (r) => r.requestId.startsWith('access-') || r.requestId === ending,
  );
  expect(mine.map((r) => [r.resource.split(' ')[0], r.requestId, r.decision, r.at])).toEqual([
    ['inbound', 'access-before', 'allow', iso(at('12:00'))],
    ['outbound', 'access-before', 'allow', iso(at('12:00'))],
    ['outbound', 'access-before', 'allow', iso(at('12:00'))],
    ['consent', ending, 'allow', iso(at('13:00'))],
    ['inbound', 'access-after', 'deny', iso(at('14:00'))],
  ]);
  expect(mine[3]?.reason).toBe(reason);
  // No ALLOW under con-0001 is at or after the time the store says it expired.
  const expiresAt = (await consentOf(dir, 'con-0001'))?.expiresAt as string;
  expect(await allowsBefore(dir, 'p-0004', 'con-0001', expiresAt)).toBeGreaterThan(0);
}

/** Seeds `dir` on the rows' first clock, ingests the rows one after the other, then checks the audit chain. */
export function itIngestsRows(dir: string, rows: readonly ConsentRow[]): void {
  beforeAll(async () => {
    expect((await gbaIn(dir, new Date(at('12:00')))(['seed'])).code).toBe(0);
  });
  it.each(rows.map((r) => [r.title, r] as const))('%s', async (_title, row) => ingestRow(dir, row));
  it('leaves the audit chain intact', async () => {
    expect((await gbaIn(dir)(['audit', 'verify'])).code).toBe(0);
  });
}

/** Every ALLOW of data under `consentId` in `subject`'s audit records is before `end`; how many there are. */
export async function allowsBefore(dir: string, subject: string, consentId: string, end: string): Promise<number> {
  const uses = (await auditOf(dir, subject)).filter(
    (r) => r.consentId === consentId && r.decision === 'allow' && !r.resource.startsWith('consent '),
  );
  for (const use of uses) expect(Date.parse(use.at)).toBeLessThan(Date.parse(end));
  return uses.length;
}
