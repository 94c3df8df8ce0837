/**
 * `gba ingest` of the sample partner events on the embedded engines: every good event applied, every
 * malformed one in the dead-letter queue with the reason the data set expects, none lost, and a
 * second ingest of the same files changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { principalActor } from '../../services/consent/audit/entry.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { grantConsent } from '../../services/consent/lifecycle.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { asPartnersSend, CLI_NOW } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dir = tempDir();
afterAll(() => dir.remove());
/** The connectors' clock: after the sample events, and not the wall clock. */
const NOW = CLI_NOW;
/**
 * The sample events refused when processed at NOW (deploy/seed/gba/README.md): their consent was in
 * force at their time but expired (con-0002, hk-inbound.jsonl line 7) or was revoked (con-0004,
 * mainland-inbound.jsonl line 13) before the platform processed them, when the data would cross.
 */
const LAPSED = { hk: { CONSENT_EXPIRED: 1 }, cn: { CONSENT_REVOKED: 1 } };

async function gba(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(asPartnersSend(args), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { DATA_DIR: dir.path },
    now: () => NOW,
  });
  return { code, out, err };
}

async function graphSnapshot(): Promise<string> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const labels = ['Service', 'Practice', 'Case', 'Consent', 'Announcement'] as const;
    const parts: unknown[] = [];
    for (const label of labels) parts.push(await store.list(label, { first: 1000 }));
    return JSON.stringify(parts);
  } finally {
    await store.close();
  }
}

/** Ingests a file; the exit status is 0 when every event went in, 65 when any was rejected. */
const ingestJson = async (file: string, code = 0) => {
  const result = await gba(['ingest', join(EVENTS, file), '--json']);
  expect(result.code).toBe(code);
  return JSON.parse(result.out.at(-1) as string) as {
    total: number;
    applied: number;
    stale: number;
    duplicates: number;
    rejected: Record<string, number>;
  };
};

describe('gba ingest of the sample partner events', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it('accepts the Hong Kong and Mainland events, applying those newer than the state they concern, refusing those whose consent lapsed before they were processed', async () => {
    const hk = await ingestJson('hk-inbound.jsonl', 65);
    expect(hk).toMatchObject({ total: 41, duplicates: 0, rejected: LAPSED.hk });
    expect(hk.applied + hk.stale).toBe(40);
    const cn = await ingestJson('mainland-inbound.jsonl', 65);
    expect(cn).toMatchObject({ total: 42, duplicates: 0, rejected: LAPSED.cn });
    expect(cn.applied + cn.stale).toBe(41);
  });

  it('leaves each case at the status of its last event, as the data set states', async () => {
    const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
    try {
      const seeded = JSON.parse(readFileSync(join(EVENTS, '../cases.json'), 'utf8')) as {
        id: string;
        status: string;
        updatedAt: string;
      }[];
      const now = await store.getByIds(
        'Case',
        seeded.map((c) => c.id),
      );
      expect(now.map((c) => c?.status)).toEqual(seeded.map((c) => c.status));
      // Each case's last event was applied (its clock is that event's time); older ones were not.
      // case-0002's only event came under con-0002, expired before it was processed (LAPSED).
      const clocks = await store.clocks(seeded.map((c) => ({ label: 'Case' as const, id: c.id })));
      const none = ['case-0002', 'case-0011'];
      const withEvents = seeded.filter((c) => !none.includes(c.id));
      expect(withEvents.map((c) => clocks.get(`Case:${c.id}`))).toEqual(withEvents.map((c) => c.updatedAt));
      for (const id of none) expect(clocks.has(`Case:${id}`), id).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('rejects every malformed line with the reason the data set expects, and keeps each in the dead-letter queue', async () => {
    const expected = JSON.parse(readFileSync(join(EVENTS, 'malformed.expect.json'), 'utf8')) as {
      line: number;
      code: string;
    }[];
    const summary = await ingestJson('malformed.jsonl', 65);
    const byCode: Record<string, number> = {};
    for (const e of expected) byCode[e.code] = (byCode[e.code] ?? 0) + 1;
    expect(summary).toMatchObject({ total: 30, applied: 0, stale: 0, duplicates: 0 });
    expect(summary.rejected).toEqual(byCode);
    const list = await gba(['dlq', 'list', '--json']);
    const letters = JSON.parse(list.out.join('\n')) as { reason: string; offset: string; message: string }[];
    const lapsed = [...Object.keys(LAPSED.hk), ...Object.keys(LAPSED.cn)];
    expect(letters).toHaveLength(30 + lapsed.length);
    expect(letters.map((l) => l.reason).sort()).toEqual([...expected.map((e) => e.code), ...lapsed].sort());
    for (const letter of letters) expect(letter.message.length).toBeGreaterThan(10);
  });

  it('changes nothing when the same files come again', async () => {
    const before = await graphSnapshot();
    const hk = await ingestJson('hk-inbound.jsonl', 65);
    const cn = await ingestJson('mainland-inbound.jsonl', 65);
    // The lapsed ones are rejected again, not duplicates.
    expect(hk).toMatchObject({ applied: 0, stale: 0, duplicates: 40 });
    expect(cn).toMatchObject({ applied: 0, stale: 0, duplicates: 41 });
    expect(await graphSnapshot()).toBe(before);
  });

  it('reports an event rejected before and sent again as still rejected, in the queue once, and exits 65', async () => {
    const id = 'GDZW-20260202100000-9004'; // refused CONSENT_REVOKED (con-0004)
    const line = readFileSync(join(EVENTS, 'malformed.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.includes(`"${id}"`));
    const file = join(dir.path, 'again.jsonl');
    writeFileSync(file, `${line}\n`);
    const before = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      dlqOffset: string;
    }[];
    const again = await gba(['ingest', file]);
    expect(again.code).toBe(65);
    const letter = before.find((l) => l.eventId === id);
    expect(again.out).toContain(
      `  ${id}  rejected earlier: CONSENT_REVOKED, in the dead-letter queue; fix the cause and run gba dlq replay --offset ${letter?.dlqOffset}`,
    );
    expect(again.out[0]).toMatch(/1 events: 0 accepted .* 0 duplicates, 1 rejected/);
    const after = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string }[];
    expect(after).toEqual(before);
  });

  it('replays a dead letter once its cause is fixed, and takes it off the list', async () => {
    // Line 21 was refused for want of a consent; p-0012 now grants one in Yueshengshi.
    const grant = {
      specversion: '1.0',
      id: 'YSS-20260201090000-0101',
      source: 'urn:gba:gd:yueshengshi',
      type: 'cn.gd.authorization.granted',
      subject: 'con-0101',
      time: '2026-02-01T09:00:00+08:00',
      datacontenttype: 'application/json',
      data: {
        shouquan_bh: 'con-0101',
        shouquanren_bh: 'p-0012',
        kongzhizhe_bm: '440000-GAT',
        jieshoufang_bm: '810000-TD',
        jieshoufang_ssd: '810000',
        mudi_dm: 'A01',
        leibie: ['shenfen', 'jiashi'],
        falv_yiju: '单独同意',
        shouquan_sj: '2026-02-01 09:00:00',
        youxiao_qz: '2027-02-01 09:00:00',
        pingtai_ajbh: 'case-0003',
      },
    };
    const file = join(dir.path, 'grant.jsonl');
    writeFileSync(file, `${JSON.stringify(grant)}\n`);
    expect((await gba(['ingest', file])).code).toBe(0);
    const id = '7f3c0000-0000-4000-8000-000000000021';
    const replay = await gba(['dlq', 'replay', '--id', id]);
    expect(replay.code).toBe(0);
    expect(replay.out[0]).toBe('replayed 1 dead letters');
    expect(replay.out[1]).toMatch(/^1 events: 1 accepted \(1 applied/);
    const left = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string }[];
    expect(left).toHaveLength(31);
    expect(left.map((l) => l.eventId)).not.toContain(id);
    // Replayed already (1e5dd9a): said so, by whom and when, exit 0; nothing is replayed twice.
    const again = await gba(['dlq', 'replay', '--id', id]);
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(
      new RegExp(`^  ${id}  already replayed @\\d+: another replay claimed it and sent it back \\(`),
    );
    expect(again.out[1]).toMatch(/^replayed 0 dead letters/);
  });

  it('returns a replayed event that fails again to the queue with its reason, never counting it a duplicate', async () => {
    const expired = '7f3c0000-0000-4000-8000-000000000022';
    const spec = '7f3c0000-0000-4000-8000-000000000008';
    const before = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string }[];
    for (const id of [expired, spec]) {
      const replay = await gba(['dlq', 'replay', '--id', id]);
      expect(replay.code).toBe(65);
      expect(replay.out[1]).toMatch(/0 duplicates, 1 rejected/);
      expect(replay.out.at(-1)).toMatch(new RegExp(`^  ${id}  rejected [A-Z_]+$`));
    }
    const after = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      reason: string;
    }[];
    expect(after).toHaveLength(before.length);
    expect(after.find((l) => l.eventId === expired)?.reason).toBe('CONSENT_EXPIRED');
    expect(after.find((l) => l.eventId === spec)?.reason).toBe('SCHEMA_MISSING_FIELD');
  });

  it('applies a refused event replayed after the resident grants the missing consent now (the runbook fix)', async () => {
    // Line 25 carried p-0002's health and financial data to gd-hrss with no consent at all.
    const id = 'GDZW-20260203110500-9006';
    const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
    const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
    try {
      await store.init();
      const [service] = await store.getByIds('Service', ['svc-gd-hk-mo-social-insurance']);
      const now = NOW;
      await grantConsent(
        { store, audit, receipts: await loadReceiptSigner(join(dir.path, 'receipts')), now: () => now },
        {
          proposed: {
            id: 'con-runbook-fix',
            subject: 'p-0002',
            controller: 'hk-dpo',
            recipient: 'gd-hrss',
            recipientJurisdiction: 'GD',
            purpose: service?.purposes[0] as string,
            dataCategories: ['identity', 'health', 'financial'],
            legalBasis: 'consent',
            grantedBy: 'platform',
            grantedAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
            revokedAt: null,
            case: 'case-0014',
            version: 1,
            synthetic: false,
            receipts: [],
          },
          actor: principalActor({ subject: 'p-0002', clientId: 'gba-web', roles: ['resident'] }),
          requestId: 'runbook-fix',
          via: 'grantConsent',
        },
      );
    } finally {
      await audit.close();
      await store.close();
    }
    const replay = await gba(['dlq', 'replay', '--id', id]);
    expect(replay.out).toContain(`  ${id}  applied`);
    const left = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string }[];
    expect(left.map((l) => l.eventId)).not.toContain(id);
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await gba(['ingest'])).code).toBe(64);
    expect((await gba(['ingest', join(dir.path, 'missing.jsonl')])).err[0]).toMatch(/cannot read/);
  });

  // The platform's own topics included: an event written there would reach consumers as the platform's.
  it.each(['nope', 'gba.outbound.hk', 'gba.outbound.mainland', 'gba.dlq', 'gba.audit'])(
    'refuses --topic %s as not an inbound partner topic, with the usage exit status',
    async (topic) => {
      const refused = await gba(['ingest', join(EVENTS, 'hk-inbound.jsonl'), '--topic', topic]);
      expect(refused.code).toBe(64);
      expect(refused.err).toEqual([
        `gba ingest: --topic ${topic} is not an inbound partner topic (gba.inbound.hk, gba.inbound.mainland)`,
      ]);
    },
  );
});

describe('gba ingest of lines it cannot send as they are', () => {
  it('reports a line nested 5,000 deep by its number, goes on, exits 65, and warns of an empty store', async () => {
    const empty = tempDir();
    try {
      const deep = `{"specversion":"1.0","id":"deep-1","source":"urn:gba:hk:td","data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const file = join(empty.path, 'deep.jsonl');
      writeFileSync(file, `${deep}\nnot json\n`);
      const err: string[] = [];
      const out: string[] = [];
      const code = await main(['ingest', file, '--json'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { DATA_DIR: empty.path },
      });
      expect(code).toBe(65);
      expect(err).toContain(
        `gba ingest: warning: the graph store sqlite:${join(empty.path, 'gba.db')} is empty; is DATA_DIR (${empty.path}) right?`,
      );
      expect(err.some((l) => /no running platform uses/.test(l))).toBe(true);
      expect(err.find((l) => l.includes('line 1:'))).toMatch(/line 1: cannot be re-encoded \(Maximum call stack/);
      expect(err.find((l) => l.includes('line 2:'))).toMatch(/line 2: not JSON/);
      expect(JSON.parse(out.at(-1) as string)).toMatchObject({
        total: 2,
        rejected: { EVENT_TOO_DEEP: 1, BROKEN_JSON: 1 },
      });
    } finally {
      empty.remove();
    }
  });
});
