/**
 * A case status change dated before the case was submitted is refused CASE_TIME_BEFORE_SUBMISSION, the
 * message naming the payload field (data.statusChangedAt, data.gengxin_sj): its time would become the
 * case's updatedAt, before its submittedAt, and go out to the other side as changedAt. Found by a tester
 * (probe 9 row 26: a DPO status of case-0010 stating 2020-01-01 was applied and sent on). A time after
 * the submission still goes in. Through `gba ingest` into a seeded SQLite store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
/** DPO on case-0004 (submitted 2026-01-09 10:05), hk line 17; iShenzhen on case-0013 (2025-07-01 11:00), mainland line 38. */
const hkCase = (id: string, statusChangedAt: string): Json => {
  const e = line('hk-inbound.jsonl', 17);
  return {
    ...e,
    id,
    time: NOW_HK,
    data: { ...e.data, previousStatus: 'APPROVED', status: 'APPROVED', statusChangedAt },
  };
};
const cnCase = (id: string, gengxin_sj: string): Json => {
  const e = line('mainland-inbound.jsonl', 38);
  return { ...e, id, time: NOW_HK, data: { ...e.data, banli_zt: 30, shangyi_zt: 30, gengxin_sj } };
};

// [title, event, its case, the field the refusal names, or null when it goes in]
const ROWS: [string, Json, string, string | null][] = [
  ['HK status changed in 2020', hkCase('bs-hk-1', '2020-01-01T00:00:00+08:00'), 'case-0004', 'data.statusChangedAt'],
  [
    'HK status changed a minute before submission',
    hkCase('bs-hk-2', '2026-01-09T10:04:00+08:00'),
    'case-0004',
    'data.statusChangedAt',
  ],
  [
    'Mainland status changed the day before submission',
    cnCase('bs-cn-1', '2025-06-30 11:00:00'),
    'case-0013',
    'data.gengxin_sj',
  ],
  ['HK status changed after submission', hkCase('bs-hk-ok', '2026-01-09T11:00:00+08:00'), 'case-0004', null],
  ['Mainland status changed after submission', cnCase('bs-cn-ok', '2026-11-15 11:00:00'), 'case-0013', null],
];

const kase = (id: string) => graphRecord(dir.path, 'Case', id);

describe('a case status change dated before the case was submitted', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS)('%s', async (_title, event, id, field) => {
    const before = await kase(id);
    const ingest = await ingestOne(gba, dir.path, event);
    expect(ingest.code, ingest.out.join('\n')).toBe(field ? 65 : 0);
    const after = await kase(id);
    if (!field) {
      expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(after?.submittedAt ?? ''));
      return;
    }
    expect(after).toEqual(before);
    const letters = await lettersOf(gba);
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter?.reason).toBe('CASE_TIME_BEFORE_SUBMISSION');
    expect(letter?.message.startsWith(`${field}: `), letter?.message).toBe(true);
  });
});
