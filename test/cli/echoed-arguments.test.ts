/**
 * What an operator typed, or a stored value a partner chose, comes back on the terminal as one line
 * of text: `gba` escapes every control and bidi character of what it prints (main.ts, terminal-safe.ts),
 * but it kept a line feed and a tab, so an argument echoed inside a message (`gba keys partner-retire
 * <key id>`, an unknown command's name, a path, a --source) could end the line and forge the next
 * one. From the outside: each command that echoes an argument or a stored source, in its own
 * process; no line of what it prints is one the argument forged, and no control character is raw.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GbaRun, gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path);
/** A line break, a tab and an escape: the rest would read as a line of its own. */
const FORGED = 'x\n\tFORGED line\u001b[2J';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const full = join(dir.path, `full${FORGED}`);

/** [what, the arguments]: each echoes FORGED in a line of its own. */
const ROWS: [string, () => readonly string[]][] = [
  ['keys partner-retire <key id>', () => ['keys', 'partner-retire', FORGED]],
  ['keys partner-add <source>', () => ['keys', 'partner-add', FORGED]],
  ['keys receipts --out DIR', () => ['keys', 'receipts', '--out', join(dir.path, `r${FORGED}`)]],
  ['an unknown command', () => [FORGED]],
  ['ingest --topic T', () => ['ingest', '/dev/null', '--topic', FORGED]],
  ['ingest <file> that cannot be read', () => ['ingest', join(dir.path, `none${FORGED}`)]],
  ['schema check --against FILE', () => ['schema', 'check', '--against', join(dir.path, `none${FORGED}`)]],
  ['dlq replay --source', () => ['dlq', 'replay', '--source', FORGED]],
  ['dlq release --source', () => ['dlq', 'release', '--source', FORGED]],
  ['dlq list <stray argument>', () => ['dlq', 'list', FORGED]],
  ['dlq list <unknown option>', () => ['dlq', 'list', `-${FORGED}`]],
  ['backup <directory> not empty', () => ['backup', full]],
  ['backup <new directory>', () => ['backup', join(dir.path, `b${FORGED}`)]],
  ['dlq replay --id of letters of two sources, one stored with a line break', () => ['dlq', 'replay', '--id', 'twice']],
];

const event = (source: string) => ({
  specversion: '1.0',
  id: 'twice',
  source,
  type: 'hk.gov.case.status-changed',
  subject: 'case-0001',
  time: '2026-02-10T10:00:00+08:00',
  datacontenttype: 'application/json',
  data: { caseId: 'case-0001' },
});

describe('an echoed argument or stored source stays on its line (gba in its own process)', () => {
  const runs = new Map<string, GbaRun>();
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    mkdirSync(full);
    writeFileSync(join(full, 'x'), '');
    // Two dead letters of the id `twice`: one of TD, one whose source carries the forged line.
    const file = join(dir.path, 'twice.jsonl');
    writeFileSync(
      file,
      [event('urn:gba:hk:td'), event(`urn:gba:hk:${FORGED}`)].map((e) => JSON.stringify(e)).join('\n'),
    );
    await gba(['ingest', file]);
    for (const [what, args] of ROWS) runs.set(what, await gba(args()));
  }, 180_000);

  it.each(ROWS.map(([what]) => [what]))('%s: no line forged, no control character raw', (what) => {
    const run = runs.get(what) as GbaRun;
    const printed = run.stdout + run.stderr;
    expect(printed).toContain('FORGED line');
    expect(printed).not.toMatch(/^\s*FORGED line/m);
    expect(printed).not.toMatch(RAW);
  });

  it('shows the line break and the tab escaped beside the rest of the key id', () => {
    expect((runs.get('keys partner-retire <key id>') as GbaRun).stderr).toContain(
      'x\\u000a\\u0009FORGED line\\u001b[2J',
    );
  });
});
