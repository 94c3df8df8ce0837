/**
 * `gba ingest` reads its file as bytes: a line that is not valid UTF-8 is reported with its number and
 * reason (`line 2: not valid UTF-8`), sent as it is, refused at the connectors' door (BROKEN_UTF8, in the
 * dead-letter queue), and the lines after it go on. Before, the line was read lossily (its bytes became
 * U+FFFD) and applied as another event than the one written (found by a tester, probe 9 row 18). A
 * message on the topic whose bytes are not UTF-8 gets the same letter. Real `gba` over real SQLite.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn } from '../support/gba-cli.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const SERVICE = 'svc-hk-td-direct-issue-dl';
/** TD's update of its direct-issue service as event `id`, titled `en` (a placeholder for the bad bytes). */
const update = (id: string, en: string, minute: number): Json => {
  const e = sample('hk-inbound', '3e740865-98ae-5a42-b7ed-70c9bae02962') as Json;
  const time = `2026-11-15T10:${String(minute).padStart(2, '0')}:00+08:00`;
  return { ...e, id, time, data: { ...e.data, title: { ...(e.data.title as object), en } } };
};

// [title, the bytes put in place of the title's placeholder]
const ROWS: [string, number[]][] = [
  ['bytes FF FE', [0xff, 0xfe]],
  ['an overlong slash (C0 AF)', [0xc0, 0xaf]],
  ['a UTF-8-encoded surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
  ['a sequence cut short (E4 B8)', [0xe4, 0xb8]],
];

async function title(): Promise<string | undefined> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    return (await store.getByIds('Service', [SERVICE]))[0]?.title.en;
  } finally {
    await store.close();
  }
}

describe('gba ingest of a line that is not valid UTF-8', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS.map(([t, bytes], i) => [t, bytes, i] as const))('%s', async (_title, bytes, i) => {
    const bad = Buffer.from(JSON.stringify(update(`utf8-bad-${i}`, 'PLACEHOLDER', 10 + 2 * i)), 'utf8');
    const at = bad.indexOf('PLACEHOLDER');
    const line = Buffer.concat([bad.subarray(0, at), Buffer.from(bytes), bad.subarray(at + 'PLACEHOLDER'.length)]);
    const good = JSON.stringify(update(`utf8-good-${i}`, `Good title ${i}`, 11 + 2 * i));
    const file = join(dir.path, `utf8-${i}.jsonl`);
    writeFileSync(file, Buffer.concat([Buffer.from('\n'), line, Buffer.from(`\n${good}\n`)]));
    const ingest = await gba(['ingest', file, '--topic', 'gba.inbound.hk']);
    expect(ingest.code, ingest.out.join('\n')).toBe(65);
    expect(ingest.err.find((l) => l.includes('line 2:'))).toMatch(/line 2: not valid UTF-8/);
    // The good line after it applied; the bad one did not, lossily or otherwise.
    expect(await title()).toBe(`Good title ${i}`);
    const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      reason: string;
      message: string;
    }[];
    expect(letters.filter((l) => l.reason === 'BROKEN_UTF8')).toHaveLength(i + 1);
  });
});
