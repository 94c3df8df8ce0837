/**
 * `gba dlq replay` from the outside (each command its own process, a seeded SQLite store), as a hostile
 * tester ran it:
 * - a wrong value of a numeric option is a usage error, exit 64, naming the option and why (found:
 *   `--offset abc` looked for a letter at offset abc and exited 1; `--offset -1` said it "needs an
 *   offset"). Every `N` option of every command's usage is tried;
 * - a letter another replay claimed and sent back is `already replayed`, by whom and when, exit 0, for
 *   the replay that came second (found: two replays of one letter at once, the loser said "no dead
 *   letter has … (any more …)" and exited 1); a letter that never was exits 1 as before. The operators'
 *   `replayDeadLetters` answers `already-replayed` for such an offset (test/operations/operator-api).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../services/cli/main.js';
import { gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path);

/** An event of a type no partner sends: a dead letter, and again on each replay. */
const unknown = (id: string) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:td',
  type: 'hk.td.nothing-we-know',
  time: '2026-02-10T10:00:00+08:00',
  datacontenttype: 'application/json',
  data: {},
});

interface Letter {
  eventId: string;
  dlqOffset: string;
}
const letters = async (): Promise<Letter[]> => JSON.parse((await gba(['dlq', 'list', '--json'])).stdout);
const offsetOf = async (id: string) => (await letters()).find((l) => l.eventId === id)?.dlqOffset as string;

/** Every `--option N` of every command's usage: `gba dlq replay --offset N` today. */
const NUMERIC = COMMANDS.flatMap((c) =>
  [...c.usage.matchAll(/(?:^|[|] ?)(\w[\w-]*)?[^|]*?(--[\w-]+) N\b/g)].map((m) => ({
    command: c.name,
    usage: c.usage,
    option: m[2] as string,
  })),
);

describe('gba dlq replay', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    const file = join(dir.path, 'unknown.jsonl');
    writeFileSync(file, ['race-1', 'seq-1', 'seq-2'].map((id) => JSON.stringify(unknown(id))).join('\n'));
    expect((await gba(['ingest', file])).code).toBe(65);
  }, 120_000);

  it('finds the numeric options to try: --offset of gba dlq replay', () => {
    expect(NUMERIC.map((n) => `${n.command} ${n.option}`)).toEqual(['dlq --offset']);
  });

  describe.each(NUMERIC)('gba $command … $option N', ({ option }) => {
    it.each(['abc', '-1', '1.5', '1e3', '0x10', ' 3', '+3', '٣'])(
      '%j is refused: exit 64, naming the option and why',
      async (value) => {
        const run = await gba(['dlq', 'replay', option, value]);
        expect(run.stderr.trim()).toBe(
          `gba dlq replay: ${option} takes an offset, a whole number of 0 or more as gba dlq list shows it after @, not ${JSON.stringify(value)}`,
        );
        expect(run.code).toBe(64);
      },
    );

    it('with no value: exit 64, "needs an offset"', async () => {
      const run = await gba(['dlq', 'replay', option]);
      expect(run.stderr.trim()).toBe(`gba dlq replay: ${option} needs an offset`);
      expect(run.code).toBe(64);
    });

    it('a whole number where no letter is or was: exit 1, naming it', async () => {
      const run = await gba(['dlq', 'replay', option, '999999']);
      expect(run.stderr).toMatch(/^gba dlq replay: no dead letter has offset 999999/);
      expect(run.code).toBe(1);
    });
  });

  it('two replays of one letter at once: one sends it, the other says another replay claimed it', async () => {
    const at = await offsetOf('race-1');
    const [a, b] = await Promise.all([gba(['dlq', 'replay', '--offset', at]), gba(['dlq', 'replay', '--offset', at])]);
    const [sent, other] = a.stdout.includes('replayed 1 dead letters') ? [a, b] : [b, a];
    expect(sent.stdout).toContain('race-1  rejected');
    expect(sent.code).toBe(65);
    // Claimed and sent back by the first (while the second ran, or before it began), or still held.
    expect(other.stdout + other.stderr).toMatch(
      new RegExp(
        `race-1  (already replayed @${at}: another replay claimed it and sent it back|not replayed: claimed by)`,
      ),
    );
    expect(other.stderr).not.toContain('no dead letter');
    expect([0, 75]).toContain(other.code);
  });

  it.each([
    { named: '--offset of the letter', args: (at: string) => ['--offset', at] },
    { named: '--offset with a leading zero', args: (at: string) => ['--offset', `0${at}`] },
    { named: '--offset and --source', args: (at: string) => ['--offset', at, '--source', 'urn:gba:hk:td'] },
  ])(
    'a letter a replay sent back before, named by $named: already replayed, by whom and when, exit 0',
    async ({ args }) => {
      const at = await offsetOf('seq-1');
      expect((await gba(['dlq', 'replay', '--offset', at])).code).toBe(65);
      const again = await gba(['dlq', 'replay', ...args(at)]);
      expect(again.stdout).toMatch(
        new RegExp(
          `^  seq-1  already replayed @${at}: another replay claimed it and sent it back \\(gba dlq replay \\S+ pid \\d+ #\\w+, at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\nreplayed 0 dead letters: another replay replayed all 1; gba dlq list shows what waits\\n$`,
        ),
      );
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
    },
  );

  it('an event id whose letter was replayed and is back in the queue: the waiting letter is replayed', async () => {
    const at = await offsetOf('seq-2');
    expect((await gba(['dlq', 'replay', '--offset', at])).code).toBe(65);
    const again = await gba(['dlq', 'replay', '--id', 'seq-2']);
    expect(again.stdout).toContain('replayed 1 dead letters');
    expect(again.code).toBe(65);
  });
});
