/**
 * A withdrawn announcement is final at the partner door too: an event that would change it is refused
 * ANNOUNCEMENT_WITHDRAWN (as `correctAnnouncement` refuses, "was withdrawn at …"), the record stays as
 * withdrawn, nothing is written, so nothing is pushed. Found by a tester (probe 9 row 14): after TD's
 * announcement was withdrawn through the API, TD's `announcement.published` dated after the withdrawal
 * became its version 2, and subscribers were told WITHDRAWN again with the new title. Withdrawn through
 * the gateway, then `gba ingest` into the same seeded SQLite store.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Announcement } from '../../schema/domain/index.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { gbaIn } from '../support/gba-cli.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
// The connectors' clock: 2026-11-15 12:00 +08:00; the withdrawals an hour before.
const gba = gbaIn(dir.path);
const WITHDRAWN_AT = new Date('2026-11-15T11:00:00+08:00');
let fx: GatewayFixture;

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const HK_ANN = 'ann-hk-td-direct-issue-online-booking';
const CN_ANN = 'ann-sz-shenxiaoi-launch';
/** TD's announcement as event `id` at `time`, its data changed by `data`. */
const hk = (id: string, time: string, data: Record<string, unknown> = {}): Json => {
  const e = sample('hk-inbound', '71374c13-08fa-5725-a7eb-212eb5350b3e') as Json;
  return { ...e, id, time, data: { ...e.data, publishedAt: time, ...data } };
};
/** iShenzhen's Shen Xiao i launch notice as event `id` at `time` (China Standard Time `cst`). */
const cn = (id: string, time: string, cst: string, data: Record<string, unknown> = {}): Json => {
  const e = sample('mainland-inbound', 'ISZ-20250222090000-0003') as Json;
  return { ...e, id, time, data: { ...e.data, fabu_sj: cst, ...data } };
};

// [title, event, topic, announcement, its outcome: `applied` (nothing changed) or the dead letter's reason]
const ROWS: [string, Json, string, string, string][] = [
  [
    'TD’s new text dated after the withdrawal',
    hk('wd-hk-1', '2026-11-15T11:30:00+08:00', { title: { en: 'Revived after withdrawal', zhHant: '復活' } }),
    'gba.inbound.hk',
    HK_ANN,
    'ANNOUNCEMENT_WITHDRAWN',
  ],
  [
    'TD’s new importance only, dated after the withdrawal',
    hk('wd-hk-2', '2026-11-15T11:40:00+08:00', { importance: 'normal' }),
    'gba.inbound.hk',
    HK_ANN,
    'ANNOUNCEMENT_WITHDRAWN',
  ],
  [
    'iShenzhen’s new text dated after the withdrawal',
    cn('wd-cn-1', '2026-11-15T11:30:00+08:00', '2026-11-15 11:30:00', { biaoti: '撤回后复活' }),
    'gba.inbound.mainland',
    CN_ANN,
    'ANNOUNCEMENT_WITHDRAWN',
  ],
  // Not refused, and nothing changes: the same text again, and a new text older than the withdrawal.
  [
    'TD’s same text again, dated after the withdrawal',
    hk('wd-hk-3', '2026-11-15T11:50:00+08:00', { publishedAt: '2026-01-28T18:00:00+08:00' }),
    'gba.inbound.hk',
    HK_ANN,
    'applied',
  ],
  [
    'TD’s new text dated before the withdrawal',
    hk('wd-hk-4', '2026-11-15T10:00:00+08:00', { title: { en: 'Older text', zhHant: '舊' } }),
    'gba.inbound.hk',
    HK_ANN,
    'applied',
  ],
];

async function announcement(id: string): Promise<Announcement | null> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    return (await store.getByIds('Announcement', [id]))[0] ?? null;
  } finally {
    await store.close();
  }
}

const WITHDRAW = 'mutation ($id: ID!) { withdrawAnnouncement(id: $id, reason: "probe 9") { withdrawnAt } }';

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
  fx = await startGatewayFixture({
    store: new SqliteGraphStore({ path: join(dir.path, 'gba.db') }),
    audit: new SqliteAuditLog({ path: join(dir.path, 'audit.db') }),
    now: () => WITHDRAWN_AT,
  });
  for (const [who, id] of [
    ['hk-td-official', HK_ANN],
    ['sz-official', CN_ANN],
  ] as const) {
    const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
    const answer = (await (await fx.query(WITHDRAW, { variables: { id }, headers })).json()) as {
      data?: { withdrawAnnouncement: { withdrawnAt: string } | null };
      errors?: unknown;
    };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.withdrawAnnouncement?.withdrawnAt).toBe(WITHDRAWN_AT.toISOString());
  }
});
afterAll(async () => {
  await fx?.close();
  dir.remove();
});

describe('a partner event for an announcement withdrawn through the API', () => {
  it.each(ROWS.map(([t, e, topic, id, o]) => [t, o, e, topic, id] as const))(
    '%s: %s',
    async (_title, outcome, event, topic, id) => {
      const before = await announcement(id);
      expect(before?.withdrawnAt).toBe(WITHDRAWN_AT.toISOString());
      const file = join(dir.path, `${event.id}.jsonl`);
      writeFileSync(file, `${JSON.stringify(event)}\n`);
      const ingest = await gba(['ingest', file, '--topic', topic]);
      expect(ingest.code, ingest.out.join('\n')).toBe(outcome === 'applied' ? 0 : 65);
      // The withdrawn record as it was: same version, same text, still withdrawn.
      expect(await announcement(id)).toEqual(before);
      if (outcome === 'applied') return;
      const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
        eventId: string;
        reason: string;
        message: string;
      }[];
      const letter = letters.find((l) => l.eventId === event.id);
      expect(letter?.reason).toBe(outcome);
      expect(letter?.message).toContain(`was withdrawn at ${WITHDRAWN_AT.toISOString()}`);
    },
  );
});
