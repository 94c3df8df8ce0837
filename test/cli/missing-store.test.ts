/**
 * `gba audit verify` and `gba dlq` read what a platform wrote; in a folder where none ran (no DATA_DIR,
 * the wrong folder after a restore) they are refused, exit 66, naming DATA_DIR, and create nothing; in a
 * platform's folder (its graph store there, seeded) they answer as before.
 * Found by a tester (probe 11 row 46): both made `data/audit.db` and `data/events.db` there and answered
 * "audit log intact: 0 records" and "the dead-letter queue is empty", exit 0. `gba` over real SQLite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const nowhere = join(dir.path, 'wrong-folder', 'data');
const seeded = join(dir.path, 'seeded');

// [command, its store]
const ROWS: [string[], string][] = [
  [['audit', 'verify'], 'audit log'],
  [['dlq', 'list'], 'event log'],
  [['dlq', 'list', '--json'], 'event log'],
  [['dlq', 'release', '--all'], 'event log'],
  [['dlq', 'replay', '--offset', '0'], 'event log'],
  [['dlq', 'replay'], 'event log'],
];

beforeAll(async () => {
  expect((await gbaIn(seeded)(['seed'])).code).toBe(0);
}, 60_000);

describe('a read of the platform’s stores where there are none', () => {
  it.each(ROWS)('gba %j is refused and creates nothing', async (args, what) => {
    const run = await gbaIn(nowhere)(args);
    expect(run.code).toBe(66);
    expect(run.out).toEqual([]);
    expect(run.err.join('\n')).toContain(`there is no ${what} at ${nowhere}`);
    expect(run.err.join('\n')).toContain('is DATA_DIR');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('is answered as before in a seeded folder', async () => {
    const gba = gbaIn(seeded);
    const verify = await gba(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.out.join('')).toMatch(/^audit log intact: \d+ records/);
    expect(await gba(['dlq', 'list'])).toMatchObject({ code: 0, out: ['the dead-letter queue is empty'] });
  });
});
