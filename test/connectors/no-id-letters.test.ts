/**
 * An event with no usable id (a line feed or an escape in its id, a line that is not JSON) has one
 * dead letter however often the same bytes come: found by a tester, each `gba ingest` of the same
 * file gave every such event one more letter (source and id empty), so a hostile partner could grow
 * the queue without limit. Its bytes are now its key: the same bytes again are rejected earlier (no
 * letter), other bytes have a letter of their own, and events with good ids are as before. `gba` runs
 * as its own OS process, on real SQLite.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NOW } from '../support/gba-cli.js';
import { gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path, {}, CLI_NOW);

/** A case-status event from the Immigration Department for case-0001 with this id. */
const event = (id: string, status = 'DOCUMENTS_REQUIRED') =>
  JSON.stringify({
    specversion: '1.0',
    id,
    source: 'urn:gba:hk:immd',
    type: 'hk.immd.case.status-changed',
    subject: 'case-0001',
    time: '2026-01-05T10:00:00+08:00',
    datacontenttype: 'application/json',
    data: { caseId: 'case-0001', status },
  });

interface Letter {
  eventId: string | null;
  reason: string;
  dlqOffset: string;
}
const letters = async () => JSON.parse((await gba(['dlq', 'list', '--json'])).stdout) as Letter[];

/** Ingests `lines` as a file twice; the letters each run added. */
async function twice(name: string, lines: string[]) {
  const file = join(dir.path, `${name}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const start = (await letters()).length;
  const first = await gba(['ingest', file]);
  const afterFirst = await letters();
  const second = await gba(['ingest', file]);
  const afterSecond = await letters();
  return { first, second, added: afterFirst.slice(start), again: afterSecond.slice(afterFirst.length) };
}

describe('letters of events with no usable id', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each([
    ['an id holding a line feed', [event('evil\nline-1')], ['BAD_ID']],
    ['an id holding an escape', [event('evil\u001b[31m-2')], ['BAD_ID']],
    ['a line that is not JSON', ['{"id": "half-3", '], ['BROKEN_JSON']],
    [
      'two bad ids, same data: each its own letter',
      [event('evil\nline-4'), event('evil\nline-5')],
      ['BAD_ID', 'BAD_ID'],
    ],
    ['the same bad bytes twice in one file: one letter', [event('evil\nline-6'), event('evil\nline-6')], ['BAD_ID']],
  ])('%s: one letter each, none added by a second ingest of the same bytes', async (name, lines, reasons) => {
    const { first, second, added, again } = await twice(name.replaceAll(/\W+/g, '-'), lines);
    expect(first.code).toBe(65);
    expect(added.map((l) => [l.eventId, l.reason])).toEqual(reasons.map((r) => [null, r]));
    expect(again).toEqual([]);
    expect(second.code).toBe(65);
    expect(second.stdout).toMatch(new RegExp(`${lines.length} events: 0 accepted .* ${lines.length} rejected`));
    const offsets = added.map((l) => l.dlqOffset);
    const told = second.stdout.split('\n').filter((l) => l.includes('rejected earlier'));
    expect(told).toHaveLength(lines.length);
    for (const line of told) expect(line).toMatch(/^ {2}\(no id\) {2}rejected earlier: \w+, in the dead-letter queue/);
    for (const o of offsets) expect(second.stdout).toContain(`gba dlq replay --offset ${o}`);
  });

  it('leaves events with good ids as they were: a refused one again is rejected earlier, in the queue once', async () => {
    const { added, again, second } = await twice('good-id', [event('GOOD-ID-1', 'NO_SUCH_STATUS')]);
    expect(added.map((l) => l.eventId)).toEqual(['GOOD-ID-1']);
    expect(again).toEqual([]);
    expect(second.stdout).toContain('  GOOD-ID-1  rejected earlier: ');
  });
});
