/**
 * A time in the payload that says when something happened (a status change, a publication, a kiosk
 * transaction) is never ahead of the platform's clock, as the event's own `time` is not: FUTURE_TIME,
 * the message naming the payload field (connectors/partners/*\/contracts.ts, `*_HAPPENED_AT`). Before, a
 * case status change with a normal `time` and `statusChangedAt: 9999-12-31` set the case's updatedAt to
 * 9999 and went out on gba.outbound.* with that changedAt (found by a tester, probe 8). A time that may
 * lie ahead (an announcement's effective date) still goes in. Through `gba ingest` into a seeded store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { graphRecord } from '../support/graph-records.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock: 2026-11-15 12:00 +08:00.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const line = (file: string, n: number) =>
  JSON.parse(readFileSync(join(EVENTS, file), 'utf8').split('\n')[n - 1] as string) as Json;

const NOW_HK = '2026-11-15T11:00:00+08:00';
const FAR_HK = '9999-12-31T23:59:59+08:00';
const FAR_CN = '9999-12-31 23:59:59';
/** Within the clock skew (300 s): believed. */
const SKEWED_HK = '2026-11-15T12:02:00+08:00';

/** Line `n` of the file as a new event at NOW_HK, its payload changed by `data`. */
const moved = (file: string, n: number, id: string, data: Record<string, unknown>): Json => {
  const e = line(file, n);
  return { ...e, id, time: NOW_HK, data: { ...e.data, ...data } };
};
const hk = (n: number, id: string, data: Record<string, unknown>) => moved('hk-inbound.jsonl', n, id, data);
const cn = (n: number, id: string, data: Record<string, unknown>) => moved('mainland-inbound.jsonl', n, id, data);

/** DPO on case-0004 (hk line 17), iShenzhen on case-0013 (mainland line 38): the probe's two. */
const hkCase = (id: string, statusChangedAt: string) =>
  hk(17, id, { previousStatus: 'APPROVED', status: 'APPROVED', statusChangedAt });
const cnCase = (id: string, gengxin_sj: string) => cn(38, id, { banli_zt: 30, shangyi_zt: 30, gengxin_sj });

// [title, event, the record it would change ([label, id]) or null, the field named, or null when it goes in]
const ROWS: [string, Json, [string, string] | null, string | null][] = [
  ['HK case status changed at 9999-12-31', hkCase('ft-hk-case', FAR_HK), ['Case', 'case-0004'], 'data.statusChangedAt'],
  [
    'Mainland case status changed at 9999-12-31',
    cnCase('ft-cn-case', FAR_CN),
    ['Case', 'case-0013'],
    'data.gengxin_sj',
  ],
  [
    'TD licence application status changed an hour ahead',
    hk(27, 'ft-td-case', { statusChangedAt: '2026-11-15T13:00:00+08:00' }),
    ['Case', 'case-0001'],
    'data.statusChangedAt',
  ],
  [
    'HK announcement published in 2030',
    hk(41, 'ft-hk-ann', { publishedAt: '2030-01-01T00:00:00+08:00' }),
    ['Announcement', 'ann-hk-iamsmart-maintenance'],
    'data.publishedAt',
  ],
  [
    'Mainland announcement published in 9999',
    cn(23, 'ft-cn-ann', { fabu_sj: FAR_CN }),
    ['Announcement', 'ann-gd-yss-hk-mo-zone-update'],
    'data.fabu_sj',
  ],
  ['HK practice shared in 9999', hk(39, 'ft-hk-prac', { sharedAt: FAR_HK }), null, 'data.sharedAt'],
  ['Mainland practice shared in 9999', cn(40, 'ft-cn-prac', { fabu_sj: FAR_CN }), null, 'data.fabu_sj'],
  ['1823 enquiry received in 9999', hk(6, 'ft-enquiry', { receivedAt: FAR_HK }), null, 'data.receivedAt'],
  ['kiosk transaction completed in 9999', hk(16, 'ft-kiosk', { completedAt: FAR_HK }), null, 'data.completedAt'],
  // The same events dated now, or a little ahead: they go in (so the rows above are refused for the time alone).
  ['HK case status changed within the skew', hkCase('ok-hk-case', SKEWED_HK), ['Case', 'case-0004'], null],
  ['Mainland case status changed now', cnCase('ok-cn-case', '2026-11-15 11:00:00'), ['Case', 'case-0013'], null],
  [
    'HK announcement published now, effective in 2030 (an effective date may lie ahead)',
    hk(41, 'ok-hk-ann', { publishedAt: NOW_HK, effectiveFrom: '2030-01-01' }),
    ['Announcement', 'ann-hk-iamsmart-maintenance'],
    null,
  ],
  ['1823 enquiry received now', hk(6, 'ok-enquiry', { receivedAt: NOW_HK }), null, null],
];

async function record(ref: [string, string] | null): Promise<string | null> {
  return ref ? JSON.stringify(await graphRecord(dir.path, ref[0] as 'Case', ref[1])) : null;
}

/** Every outbound message (both sides) as text. */
async function outbound(): Promise<string[]> {
  const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
  try {
    const all = [...(await log.readAll(TOPICS.outboundMainland)), ...(await log.readAll(TOPICS.outboundHk))];
    return all.map((m) => decode(m)).flatMap((d) => (d.ok ? [JSON.stringify(d.event)] : []));
  } finally {
    await log.close();
  }
}

describe('a payload time of something that happened, ahead of the platform clock', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS)('%s', async (_title, event, ref, field) => {
    const before = await record(ref);
    const ingest = await ingestOne(gba, dir.path, event);
    expect(ingest.code, ingest.out.join('\n')).toBe(field ? 65 : 0);
    const letters = await lettersOf(gba);
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter?.reason ?? null).toBe(field ? 'FUTURE_TIME' : null);
    if (field) {
      expect(letter?.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} .* ahead of the platform's clock`));
      expect(await record(ref)).toBe(before);
    } else if (ref) expect(await record(ref)).not.toBe(before);
  });

  it('sends nothing on dated 9999', async () => {
    expect((await outbound()).filter((m) => m.includes('9999-12-31'))).toEqual([]);
  });
});
