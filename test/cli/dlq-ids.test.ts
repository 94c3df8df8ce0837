/**
 * Event ids on the operator's side of `gba dlq`, from the outside (each command its own process, a
 * seeded SQLite store):
 * - an id built from an identity number (A123456(7), 44030019900101123X, M1234567(8)) is masked in
 *   the log and in every listing, as personal text is; the listing shows the offset beside it, and
 *   `replay --id` takes the real id (found by a tester: they appeared verbatim);
 * - an event id is unique per source only: an `--id` naming letters of two sources is refused, naming
 *   them, until `--source` says which (found by a tester: `--id dup-x-1` replayed both).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GbaRun, gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path, { LOG_LEVEL: 'info' });

/** A status of TD's case-0001 stating a previous status it does not hold: refused, whoever may send it. */
const refused = (id: string, source = 'urn:gba:hk:td') => ({
  specversion: '1.0',
  id,
  source,
  type: 'hk.gov.case.status-changed',
  subject: 'case-0001',
  time: '2026-02-10T10:00:00+08:00',
  datacontenttype: 'application/json',
  data: {
    applicationNo: 'TD/2026/1',
    caseId: 'case-0001',
    serviceId: 'svc-hk-td-direct-issue-dl',
    applicantRef: 'p-0004',
    previousStatus: 'DOCUMENTS_REQUIRED',
    status: 'APPROVED',
    statusChangedAt: '2026-02-10T10:00:00+08:00',
  },
});

const IDS: [string, string, string][] = [
  ['an HKID', 'A123456(7)', 'A•••••••••'],
  ['a Mainland identity number', '44030019900101123X', '4•••••••••••••••••'],
  ['a Macao identity number with its check digit', 'M1234567(8)', 'M••••••••••'],
];

interface Letter {
  eventId: string | null;
  source: string | null;
  dlqOffset: string;
  reason: string;
  claim: unknown;
}

const letters = async (): Promise<Letter[]> => JSON.parse((await gba(['dlq', 'list', '--json'])).stdout);

describe('gba dlq and event ids', () => {
  let ingest: GbaRun;
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    const events = [
      ...IDS.map(([, id]) => refused(id)),
      refused('dup-x-1', 'urn:gba:hk:td'),
      refused('dup-x-1', 'urn:gba:hk:1823'),
    ];
    const file = join(dir.path, 'ids.jsonl');
    // And a line that is not JSON, whose problem quotes it (found by a tester: the report quoted it whole).
    const broken = IDS.map(([, id]) => id).join(' ');
    writeFileSync(file, [...events.map((e) => JSON.stringify(e)), broken].join('\n'));
    ingest = await gba(['ingest', file]);
    expect(ingest.code).toBe(65);
  }, 120_000);

  describe.each(IDS)('an event id that is %s (%s)', (_what, id, masked) => {
    it('is not in the log or the ingest report, and is masked there when named', () => {
      expect(ingest.stdout + ingest.stderr).not.toContain(id);
    });

    it('is listed masked, beside its offset, in both listings', async () => {
      const text = await gba(['dlq', 'list']);
      const json = await gba(['dlq', 'list', '--json']);
      expect(text.stdout + json.stdout).not.toContain(id);
      const letter = (JSON.parse(json.stdout) as Letter[]).find((l) => l.eventId === masked) as Letter;
      expect(text.stdout).toContain(`${masked}  @${letter.dlqOffset}`);
    });

    it('is replayed by its real id, and printed masked', async () => {
      const run = await gba(['dlq', 'replay', '--id', id]);
      expect(run.code).toBe(65);
      expect(run.stdout).toContain(`${masked}  rejected STALE_PREVIOUS_STATUS`);
      expect(run.stdout + run.stderr).not.toContain(id);
    });
  });

  it.each([
    [['--id', 'dup-x-1'], 64, 'names dead letters of 2 sources (urn:gba:hk:1823, urn:gba:hk:td)', []],
    [
      ['--id', 'dup-x-1', '--source', 'urn:gba:hk:nobody'],
      1,
      'no dead letter has event id dup-x-1, source urn:gba:hk:nobody (any more: a replayed letter leaves the queue; gba dlq list shows what waits)',
      [],
    ],
    [['--id', 'dup-x-1', '--source', 'urn:gba:hk:1823'], 65, 'replayed 1 dead letters', ['urn:gba:hk:1823']],
    [['--id', 'dup-x-1', '--source', 'urn:gba:hk:td'], 65, 'replayed 1 dead letters', ['urn:gba:hk:td']],
  ] as [string[], number, string, string[]][])(
    'gba dlq replay %j exits %i saying %s, replaying the letters of %j',
    async (args, code, says, replayed) => {
      const before = (await letters()).filter((l) => l.eventId === 'dup-x-1');
      const run = await gba(['dlq', 'replay', ...args]);
      expect(run.code).toBe(code);
      expect(run.stdout + run.stderr).toContain(says);
      const after = (await letters()).filter((l) => l.eventId === 'dup-x-1');
      // A replayed letter that fails again is back in the queue under a new offset; the other stays as it was.
      const moved = before.filter((b) => !after.some((a) => a.dlqOffset === b.dlqOffset)).map((l) => l.source);
      expect(moved).toEqual(replayed);
      expect(after.map((l) => l.source).sort()).toEqual(['urn:gba:hk:1823', 'urn:gba:hk:td']);
    },
  );
});
