/**
 * A closed case is final, from the outside: status events sent through `gba ingest` (its own OS
 * process) to a seeded SQLite store holding the sample histories. Closed case-0005 (COMPLETED on
 * 2026-01-05T16:00) and case-0015 (archived, 90) take no status but the retelling of the event that
 * closed them; every other is CASE_CLOSED in `gba dlq list`, and neither the status nor updatedAt
 * moves. Found by a tester: case-0005 took null -> WITHDRAWN, COMPLETED -> WITHDRAWN and
 * WITHDRAWN -> COMPLETED, its updatedAt moving each time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { CLI_NOW } from '../support/gba-cli.js';
import { gbaProcess, outcomeOf } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock fixed: the sample consents in force now expire from 2027-01 on.
const gba = gbaProcess(dir.path, {}, CLI_NOW);
const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const CLOSED_AT = '2026-01-05T16:00:00+08:00';
const LATER = '2026-03-01T10:00:00+08:00';

/** The DPO's status of case-0005: previous -> status at `at`. */
const c5 = (id: string, previousStatus: string | null, status: string, at = LATER) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:dpo',
  type: 'hk.gov.case.status-changed',
  subject: 'case-0005',
  time: at,
  datacontenttype: 'application/json',
  data: {
    applicationNo: 'DPO/2025/000205',
    caseId: 'case-0005',
    serviceId: 'svc-hk-cbps-kiosk-sz',
    applicantRef: 'p-0001',
    previousStatus,
    status,
    statusChangedAt: at,
  },
});

const archived = JSON.parse(
  readFileSync(join(EVENTS, 'mainland-inbound.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes('"ISZ-20260116090000-0011"')) as string,
);
/** iShenzhen's status of case-0015 (archived, 90, on 2026-01-16 09:00) moved to `code`. */
const c15 = (id: string, code: number) => ({
  ...archived,
  id,
  time: LATER,
  data: { ...archived.data, banli_zt: code, shangyi_zt: 90, gengxin_sj: '2026-03-01 10:00:00' },
});

const ROWS: [string, Record<string, unknown>, string][] = [
  ['withdrawn, stating no previous status', c5('cc-1', null, 'WITHDRAWN'), 'CASE_CLOSED'],
  ['withdrawn from completed', c5('cc-2', 'COMPLETED', 'WITHDRAWN'), 'CASE_CLOSED'],
  ['completed from withdrawn', c5('cc-3', 'WITHDRAWN', 'COMPLETED'), 'CASE_CLOSED'],
  ['completed again, later', c5('cc-4', 'COMPLETED', 'COMPLETED'), 'CASE_CLOSED'],
  ['received, stating no previous status', c5('cc-5', null, 'RECEIVED'), 'CASE_CLOSED'],
  ['rejected from approved', c5('cc-6', 'APPROVED', 'REJECTED'), 'CASE_CLOSED'],
  ['the closing event told again under a new id', c5('cc-7', 'APPROVED', 'COMPLETED', CLOSED_AT), 'applied'],
  ['archived case-0015 withdrawn (60) later', c15('cc-8', 60), 'CASE_CLOSED'],
  ['archived case-0015 archived (90) again, later', c15('cc-9', 90), 'CASE_CLOSED'],
];

async function closedCases(): Promise<string[]> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const cases = await store.list('Case', { first: 1000 });
    return cases
      .filter((c) => ['case-0005', 'case-0015'].includes(c.id))
      .map((c) => `${c.id} ${c.status} ${c.updatedAt}`);
  } finally {
    await store.close();
  }
}

describe('a closed case (gba ingest, real SQLite)', () => {
  let letters: { eventId: string; reason: string }[];
  let before: string[];
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    // The sample histories; two of them are meant to fail (consents expired and revoked since).
    for (const f of ['hk-inbound', 'mainland-inbound']) await gba(['ingest', join(EVENTS, `${f}.jsonl`)]);
    before = await closedCases();
    const file = join(dir.path, 'closed.jsonl');
    writeFileSync(file, ROWS.map(([, e]) => JSON.stringify(e)).join('\n'));
    expect((await gba(['ingest', file])).code).toBe(65);
    letters = JSON.parse((await gba(['dlq', 'list', '--json'])).stdout);
  }, 120_000);

  it.each(ROWS)('told %s: %s', (_title, event, outcome) => {
    expect(outcomeOf(letters, event.id)).toBe(outcome);
  });

  it('keeps both cases closed at the time they closed', async () => {
    expect(before).toEqual([
      'case-0005 closed 2026-01-05T16:00:00+08:00',
      'case-0015 closed 2026-01-16T09:00:00+08:00',
    ]);
    expect(await closedCases()).toEqual(before);
  });
});
