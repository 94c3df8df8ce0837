/**
 * A letter is superseded only by a later version of its (source, id) that was applied. Found by a tester
 * (probe 8, row 15): TD's event for case-0002 was refused (CONSENT_EXPIRED); another system of the same
 * side then sent other bytes under TD's source and id on the HK topic, refused too (SERVICE_MISMATCH);
 * a replay answered TD's letter "superseded by a later version (not applied)" and took it off the queue,
 * so the runbook's fix (a consent for the case, then `gba dlq replay`) could no longer let TD's event in.
 * Now a later version that is itself refused leaves both letters, each with its reason; once the fix lets
 * TD's event in, the forged letter is the one superseded. Through `gba ingest` and `gba dlq replay` on a
 * seeded SQLite store (docs/operations.md, "A corrected resend under the same id").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock: 2026-11-15 12:00 +08:00, after con-0002 expired.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const find = (file: string, id: string) =>
  JSON.parse(
    readFileSync(join(EVENTS, file), 'utf8')
      .split('\n')
      .find((l) => l.includes(`"id": "${id}"`)) as string,
  ) as Json;

const ID = 'e8723b79-8d28-5d19-b583-c1ccd88f5911';
// TD's own: p-0005's data for case-0002 under con-0002, expired (malformed.jsonl line 22).
const legit = (() => {
  const { _expect, ...e } = find('malformed.jsonl', '7f3c0000-0000-4000-8000-000000000022');
  return { ...e, id: ID, time: '2026-11-15T11:00:00+08:00' } as Json;
})();
// The forgery: TD's source and id, other bytes, a service case-0002 is not of (SERVICE_MISMATCH).
const forged: Json = {
  ...legit,
  time: '2026-11-15T11:00:30+08:00',
  data: { ...legit.data, serviceId: 'svc-hk-td-dl-renewal-online', status: 'REJECTED', personalData: undefined },
};
// The fix: Yueshengshi grants p-0005's consent for case-0002 again, under a new id (mainland line 10).
const regrant = (() => {
  const e = find('mainland-inbound.jsonl', 'YSS-20251108194000-0002');
  return {
    ...e,
    id: 'forged-supersede-regrant',
    subject: 'con-t2-0002',
    time: '2026-11-15T11:10:00+08:00',
    data: {
      ...e.data,
      shouquan_bh: 'con-t2-0002',
      shouquan_sj: '2026-11-15 11:10:00',
      youxiao_qz: '2027-05-01 00:00:00',
    },
  } as Json;
})();

let files = 0;
async function ingest(event: Json) {
  const file = join(dir.path, `e${files++}.jsonl`);
  writeFileSync(file, `${JSON.stringify(event)}\n`);
  return gba(['ingest', file]);
}

const letters = async () =>
  (JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string; reason: string }[])
    .filter((l) => l.eventId === ID)
    .map((l) => l.reason)
    .sort();

async function case0002(): Promise<{ status: string; updatedAt: string }> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const [c] = await store.getByIds('Case', ['case-0002']);
    return c as unknown as { status: string; updatedAt: string };
  } finally {
    await store.close();
  }
}

describe("a forged later version under a partner's id supersedes nothing", () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    expect((await ingest(legit)).code).toBe(65);
    expect((await ingest(forged)).code).toBe(65);
  });

  it('leaves both letters in the queue, each with its reason', async () => {
    expect(await letters()).toEqual(['CONSENT_EXPIRED', 'SERVICE_MISMATCH']);
  });

  it('replays both, refused again with their own reasons, before the fix', async () => {
    const replay = await gba(['dlq', 'replay', '--id', ID, '--source', 'urn:gba:hk:td']);
    expect(replay.code).toBe(65);
    const lines = replay.out.filter((l) => l.includes(ID)).join('\n');
    expect(lines).not.toMatch(/superseded/);
    expect(lines).toMatch(/rejected CONSENT_EXPIRED/);
    expect(lines).toMatch(/rejected SERVICE_MISMATCH/);
    expect(await letters()).toEqual(['CONSENT_EXPIRED', 'SERVICE_MISMATCH']);
  });

  it("lets TD's event in after the fix, and then the forged letter is the one superseded", async () => {
    const before = await case0002();
    expect((await ingest(regrant)).code).toBe(0);
    const replay = await gba(['dlq', 'replay', '--id', ID, '--source', 'urn:gba:hk:td']);
    expect(replay.code, replay.out.join('\n')).toBe(0);
    expect(replay.out.filter((l) => l.includes(ID)).join('\n')).toMatch(/superseded by a later version/);
    expect(await letters()).toEqual([]);
    const after = await case0002();
    expect(after).not.toEqual(before);
    expect(after.updatedAt).toBe('2026-01-30T10:00:00+08:00');
  });
});

// The same rule for a letter refused before it was read (probe 8, minor iii): a forged cn.* type under
// TD's source and id (SOURCE_TYPE_MISMATCH) is superseded once TD's own event under that id applies,
// as a forged readable one is; one sent after TD's event applied stays, with its reason.
describe('a letter refused before it was read, under an id applied since', () => {
  const Y = 'forged-supersede-unread';
  const td = (() => {
    const e = find('hk-inbound.jsonl', '908644fc-cff5-537b-9527-77f6d7d2334a');
    const at = '2026-11-15T10:00:00+08:00';
    return {
      ...e,
      id: Y,
      time: at,
      data: { ...e.data, previousStatus: 'UNDER_PROCESSING', status: 'APPROVED', statusChangedAt: at },
    } as Json;
  })();
  const unread = (n: number): Json => ({ ...td, type: 'cn.gd.case.status-changed', data: { n } });

  it('supersedes the one refused before, keeps the one refused after', async () => {
    expect((await ingest(unread(1))).code).toBe(65);
    expect((await ingest(td)).code).toBe(0);
    expect((await ingest(unread(2))).code).toBe(65);
    const replay = await gba(['dlq', 'replay', '--id', Y]);
    const lines = replay.out.filter((l) => l.includes(Y));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/superseded by a later version/);
    expect(lines[1]).toMatch(/rejected SOURCE_TYPE_MISMATCH$/);
    const left = (JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string }[]).filter(
      (l) => l.eventId === Y,
    );
    expect(left).toHaveLength(1);
  });
});
