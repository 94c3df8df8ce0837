/**
 * `gba` writing to a pipe, as `gba dlq list --json | jq` does: every byte arrives before the process
 * exits. Found by a tester: piped, the output stopped at 65536 or 131072 bytes (jq: "Unfinished
 * JSON"), exit 0; redirected to a file it was complete. bin/gba.js exited before stdout drained.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path);
const LETTERS = 900;

describe('gba output on a pipe', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    // Events of a type no partner sends: each a dead letter, with a long id to make the queue big.
    const lines = Array.from({ length: LETTERS }, (_, i) =>
      JSON.stringify({
        specversion: '1.0',
        id: `pipe-${String(i).padStart(4, '0')}-${'x'.repeat(200)}`,
        source: 'urn:gba:hk:td',
        type: 'hk.td.nothing-we-know',
        time: '2026-02-10T10:00:00+08:00',
        datacontenttype: 'application/json',
        data: {},
      }),
    );
    const file = join(dir.path, 'unknown.jsonl');
    writeFileSync(file, lines.join('\n'));
    expect((await gba(['ingest', file])).code).toBe(65);
  }, 180_000);

  it('dlq list --json arrives whole: more than 200 KB, parsed, one entry per letter', async () => {
    const run = await gba(['dlq', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(200_000);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBe(LETTERS);
  });

  it('dlq list arrives whole: one line per letter', async () => {
    const run = await gba(['dlq', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n').length).toBe(LETTERS);
  });
});

/**
 * The reader of the pipe gone (`gba dlq list | head`, `gba ask … | head`): the tester saw an unhandled
 * `Error: write EPIPE` with a Node stack trace. The tests above read every byte, so they never met a
 * closed pipe. Every command ends quietly, with its own exit status.
 */
describe('gba output on a pipe closed by its reader', () => {
  const closed = gbaProcess(dir.path, {}, undefined, true);
  it.each([
    { args: ['dlq', 'list'], code: 0 },
    { args: ['dlq', 'list', '--json'], code: 0 },
    { args: ['ask', 'How do I renew my Hong Kong driving licence?'], code: 0 },
    { args: ['partners'], code: 0 },
    { args: ['partners', '--json'], code: 0 },
    { args: ['help'], code: 0 },
    { args: ['dlq', '--help'], code: 0 },
    { args: ['audit', 'verify'], code: 0 },
  ])('gba $args ends quietly, exit $code', async ({ args, code }) => {
    const run = await closed(args);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\(node:|Error/);
    expect(run.code).toBe(code);
  });
});
