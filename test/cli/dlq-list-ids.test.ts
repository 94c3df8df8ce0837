/**
 * `gba dlq list` shows a letter's event id as `gba dlq replay` does (one printer, services/cli/shown.ts):
 * an id holding whitespace, a quote or a backslash is quoted, its whitespace escaped, so it stays one
 * column and the offset beside it is the letter's. Found by a tester (probe 11 row 37): the replay line
 * quoted `p11-x  applied`, but the list printed `p11-y  @1  CONSENT` raw, so the first `@N` on its line
 * was the partner's `@1`, not the letter's offset, and an operator (or `awk '{print $4}'`) replayed
 * another letter. `gba` over a seeded SQLite store (test/support/gba-cli.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { caseStatus } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);

// [what the id holds, the id, as both commands show it]
const ROWS: [string, string, string][] = [
  ['a forged offset and reason', 'p11-y  @1  CONSENT', '"p11-y\\u0020\\u0020@1\\u0020\\u0020CONSENT"'],
  ['a forged outcome', 'p11-x  applied', '"p11-x\\u0020\\u0020applied"'],
  ['one space', 'one space', '"one\\u0020space"'],
  ['a quote and a backslash', 'say"hi"\\o', '"say\\"hi\\"\\\\o"'],
  ['nothing odd', 'plain-37', 'plain-37'],
];

/** A DPO status of case-0006 from a status it does not hold: refused STALE_PREVIOUS_STATUS, a letter. */
const refused = (id: string) => ({
  ...caseStatus(id, { previousStatus: 'DOCUMENTS_REQUIRED', status: 'APPROVED' }),
  id,
});

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
  for (const [, id] of ROWS) expect((await ingestOne(gba, dir.path, refused(id))).code).toBe(65);
}, 60_000);

describe('gba dlq list and gba dlq replay show an event id alike', () => {
  it.each(ROWS)('an id holding %s', async (_what, id, shown) => {
    const letters = await lettersOf(gba);
    const at = letters.findIndex((l) => l.eventId === id);
    expect(at).toBeGreaterThanOrEqual(0);
    const offset = (letters[at] as unknown as { dlqOffset: string }).dlqOffset;
    // `<time>  <reason>  <id>  @<offset>  <message>`: the third column is the id, the fourth its offset.
    const line = (await gba(['dlq', 'list'])).out[at] as string;
    expect(line.split(/\s+/).slice(2, 4)).toEqual([shown, `@${offset}`]);
    // `  <id>  <outcome>`: the replay shows it the same.
    const replayed = await gba(['dlq', 'replay', '--offset', offset]);
    expect(replayed.out.map((l) => l.trim().split(/\s+/)[0])).toContain(shown);
  });
});
