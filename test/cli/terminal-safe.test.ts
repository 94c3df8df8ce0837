/**
 * Partner-supplied text printed by `gba` reaches the operator's terminal only as text: a control or
 * bidi-override character is shown as its escape (\u001b), never emitted. Found by a tester:
 * `"\u001b[2J\u001b[31mCLEAR"` in an event reached the terminal raw through `gba dlq list`. From the
 * outside: events carrying such text in every field an operator sees, through `gba ingest`, `gba dlq
 * list` and `gba dlq list --json` in their own processes; `--json` stays valid JSON of the same text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLine, terminalSafe } from '../../services/cli/terminal-safe.js';
import { type GbaRun, gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path);
const CLEAR = '\u001b[2J\u001b[31mCLEAR';
const RLO = 'gnp.\u202eexe';
/** A line break that would end the letter's line and forge the next one. */
const FORGED = '\n2026-12-01T00:00:00Z  APPLIED   forged-line';
/** What an operator's terminal must never receive raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const status = (id: string, data: Record<string, unknown>, envelope: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:td',
  type: 'hk.gov.case.status-changed',
  subject: 'case-0001',
  time: '2026-02-10T10:00:00+08:00',
  datacontenttype: 'application/json',
  ...envelope,
  data: {
    applicationNo: 'TD/2026/1',
    caseId: 'case-0001',
    serviceId: 'svc-hk-td-direct-issue-dl',
    applicantRef: 'p-0004',
    previousStatus: 'UNDER_PROCESSING',
    status: 'APPROVED',
    statusChangedAt: '2026-02-10T10:00:00+08:00',
    ...data,
  },
});

/** [field, event]: each carries the escape text where the partner controls it. */
const ROWS: [string, Record<string, unknown>][] = [
  ['status', status('esc-status', { status: CLEAR })],
  ['previous status', status('esc-prev', { previousStatus: `${RLO}` })],
  ['applicant', status('esc-applicant', { applicantRef: CLEAR })],
  ['case id', status('esc-case', { caseId: CLEAR })],
  ['service id', status('esc-service', { serviceId: RLO })],
  ['type', status('esc-type', {}, { type: `hk.td.${CLEAR}` })],
  ['source', status('esc-source', {}, { source: `urn:gba:hk:${CLEAR}` })],
  ['event id', status(`esc-id-${CLEAR}`, {})],
  ['subject', status('esc-subject', {}, { subject: RLO })],
  ['a line break in the type', status('nl-type', {}, { type: `hk.td${FORGED}` })],
  ['a line break in the status', status('nl-status', { status: `APPROVED${FORGED}` })],
];

describe('terminalSafe', () => {
  it.each([
    ['an escape sequence', CLEAR, '\\u001b[2J\\u001b[31mCLEAR'],
    ['a right-to-left override', RLO, 'gnp.\\u202eexe'],
    ['a bell, a carriage return, DEL and a C1 CSI', 'a\u0007b\rc\u007fd\u009b', 'a\\u0007b\\u000dc\\u007fd\\u009b'],
    ['an isolate and a zero-width joiner', '\u2067x\u2069\u200d', '\\u2067x\\u2069\\u200d'],
    // Invisible characters (probe 12 row 71); a tag character beyond the BMP as its surrogate pair, as JSON.
    ['a soft hyphen, a Hangul filler and a tag character', 'a\u00adb\u3164\u{E0041}', 'a\\u00adb\\u3164\\udb40\\udc41'],
    [
      'a name’s variation selector and an emoji sequence: text',
      '葛\u{E0100} \u{1F469}\u200d\u{1F4BB}',
      '葛\u{E0100} \u{1F469}\u200d\u{1F4BB}',
    ],
    [
      'plain text in three scripts, a tab and a line break',
      '駕駛執照 驾驶证 licence\tok\nnext',
      '駕駛執照 驾驶证 licence\tok\nnext',
    ],
  ])('shows %s escaped', (_what, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it('keeps one record on one line: line feeds and tabs inside it escaped too', () => {
    expect(oneLine(`type x${FORGED}\tend\u001b`)).toBe(
      'type x\\u000a2026-12-01T00:00:00Z  APPLIED   forged-line\\u0009end\\u001b',
    );
  });

  it('leaves JSON valid and of the same value', () => {
    const value = { a: CLEAR, b: RLO, c: ['\u2028', '\u0085'], d: 'x\u{E0041}\u00ad' };
    expect(JSON.parse(terminalSafe(JSON.stringify(value, null, 2)))).toEqual(value);
  });
});

describe('partner text on the operator’s terminal (gba in its own process)', () => {
  const runs: [string, GbaRun][] = [];
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    const file = join(dir.path, 'escapes.jsonl');
    writeFileSync(file, ROWS.map(([, e]) => JSON.stringify(e)).join('\n'));
    runs.push(['gba ingest', await gba(['ingest', file])]);
    runs.push(['gba dlq list', await gba(['dlq', 'list'])]);
    runs.push(['gba dlq list --json', await gba(['dlq', 'list', '--json'])]);
    runs.push(['gba dlq replay', await gba(['dlq', 'replay'])]);
  }, 120_000);

  it('refuses every event, each to the dead-letter queue', () => {
    const json = runs.find(([n]) => n === 'gba dlq list --json')?.[1] as GbaRun;
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(ROWS.length);
  });

  it.each([['gba ingest'], ['gba dlq list'], ['gba dlq list --json'], ['gba dlq replay']])(
    '%s prints no control or bidi-override character, on stdout or stderr',
    (name) => {
      const run = runs.find(([n]) => n === name)?.[1] as GbaRun;
      expect(run.stdout + run.stderr).not.toMatch(UNSAFE);
    },
  );

  it.each([['gba ingest'], ['gba dlq list'], ['gba dlq replay']])('%s prints no line a partner forged', (name) => {
    const run = runs.find(([n]) => n === name)?.[1] as GbaRun;
    expect(run.stdout + run.stderr).not.toMatch(/^2026-12-01T00:00:00Z {2}APPLIED/m);
  });

  it('shows the line break escaped inside the letter’s own line', () => {
    const list = runs.find(([n]) => n === 'gba dlq list')?.[1] as GbaRun;
    expect(list.stdout).toMatch(/^.* nl-type .*\\u000a2026-12-01T00:00:00Z {2}APPLIED {3}forged-line/m);
  });

  it('shows the escape text in the listing', () => {
    const list = runs.find(([n]) => n === 'gba dlq list')?.[1] as GbaRun;
    expect(list.stdout).toContain('\\u001b[2J');
  });

  it('keeps dlq list --json valid, the text as the partner sent it', () => {
    const json = runs.find(([n]) => n === 'gba dlq list --json')?.[1] as GbaRun;
    const letters = JSON.parse(json.stdout) as { eventId: string | null; source: string | null }[];
    expect(letters.map((l) => l.source)).toContain(`urn:gba:hk:${CLEAR}`);
  });
});
