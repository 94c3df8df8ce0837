/**
 * Who decides a case, from the outside: case statuses sent through `gba ingest` (its own OS process)
 * into a seeded SQLite store. Only the side that handles a case decides it; the origin side's portal
 * forwards its progress and may withdraw it for the applicant; 1823, an enquiry hotline, moves none. Each refusal
 * is NOT_AUTHORISED_FOR_RECORD in `gba dlq list`, and the case is as it was. Found by a tester:
 * the Transport Department rejected Guangzhou's case-0012, and 1823 rejected TD's case-0001.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NOW } from '../support/gba-cli.js';
import { gbaProcess, outcomeOf } from '../support/gba-process.js';
import { graphRecords } from '../support/graph-records.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock fixed: the sample consents in force now expire from 2027-01 on.
const gba = gbaProcess(dir.path, {}, CLI_NOW);
const AT = '2026-02-10T10:00:00+08:00';

/** An HK `hk.gov.case.status-changed` from `source`: previous -> status of `caseId`. */
const hk = (id: string, source: string, c: [string, string, string], move: [string | null, string]) => ({
  specversion: '1.0',
  id,
  source,
  type: 'hk.gov.case.status-changed',
  subject: c[0],
  time: AT,
  datacontenttype: 'application/json',
  data: {
    applicationNo: 'X/2026/1',
    caseId: c[0],
    serviceId: c[1],
    applicantRef: c[2],
    previousStatus: move[0],
    status: move[1],
    statusChangedAt: AT,
  },
});

const mainlandLine = readFileSync(
  join(import.meta.dirname, '../../deploy/seed/gba/events/mainland-inbound.jsonl'),
  'utf8',
)
  .split('\n')
  .find((l) => l.includes('"SHB-20260108160000-0005"')) as string;
/** Suihaoban's sample status of case-0012 (approved, 40) from another source, moved to `code`. */
const mainland = (id: string, source: string, code: number) => {
  const e = JSON.parse(mainlandLine);
  return {
    ...e,
    id,
    source,
    time: AT,
    data: { ...e.data, banli_zt: code, shangyi_zt: 40, gengxin_sj: '2026-02-10 10:00:00' },
  };
};

const C12: [string, string, string] = ['case-0012', 'svc-gz-suihaoban', 'p-0002'];
const C01: [string, string, string] = ['case-0001', 'svc-hk-td-direct-issue-dl', 'p-0004'];
const C14: [string, string, string] = ['case-0014', 'svc-gd-hk-mo-social-insurance', 'p-0002'];
const C07: [string, string, string] = ['case-0007', 'svc-gd-hk-mo-social-insurance', 'p-0007'];

/** [title, event, its outcome]: `applied`, or the reason of its dead letter. */
const ROWS: [string, Record<string, unknown>, string][] = [
  [
    'TD rejecting case-0012, which Guangzhou handles',
    hk('ca-1', 'urn:gba:hk:td', C12, ['APPROVED', 'REJECTED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    '1823 (an enquiry hotline) rejecting TD’s case-0001',
    hk('ca-2', 'urn:gba:hk:1823', C01, ['UNDER_PROCESSING', 'REJECTED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    '1823 moving TD’s case-0001 on',
    hk('ca-3', 'urn:gba:hk:1823', C01, ['UNDER_PROCESSING', 'DOCUMENTS_REQUIRED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'ITIB approving TD’s case-0001',
    hk('ca-4', 'urn:gba:hk:itib', C01, ['UNDER_PROCESSING', 'APPROVED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the HK portal (case-0012’s origin) rejecting it',
    hk('ca-5', 'urn:gba:hk:dpo', C12, ['APPROVED', 'REJECTED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the HK portal completing case-0012, stating no previous status',
    hk('ca-6', 'urn:gba:hk:dpo', C12, [null, 'COMPLETED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'the HK portal forwarding the progress of case-0014 (handled in GD)',
    hk('ca-7', 'urn:gba:hk:dpo', C14, ['RECEIVED', 'UNDER_PROCESSING']),
    'applied',
  ],
  [
    'the HK portal approving case-0014, stating no previous status',
    hk('ca-12', 'urn:gba:hk:dpo', C14, [null, 'APPROVED']),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  [
    'Yuexinrong (another GD agency) rejecting case-0012',
    mainland('ca-8', 'urn:gba:gd:yuexinrong', 50),
    'NOT_AUTHORISED_FOR_RECORD',
  ],
  ['TD approving its own case-0001', hk('ca-9', 'urn:gba:hk:td', C01, ['UNDER_PROCESSING', 'APPROVED']), 'applied'],
  [
    'the HK portal withdrawing case-0007 (handled in GD) for its applicant',
    hk('ca-10', 'urn:gba:hk:dpo', C07, ['UNDER_PROCESSING', 'WITHDRAWN']),
    'applied',
  ],
  ['Suihaoban rejecting its case-0012', mainland('ca-11', 'urn:gba:gz:suihaoban', 50), 'applied'],
];

const statuses = () => graphRecords(dir.path, ['Case'], (c) => c.status as string);

describe('who decides a case (gba ingest, real SQLite)', () => {
  let letters: { eventId: string; reason: string }[];
  let before: Record<string, string>;
  let after: Record<string, string>;
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    // Every sample event meant to apply still applies: the two the seed README means to fail are the
    // consents expired and revoked since (con-0002, con-0004), and no other is refused.
    for (const f of ['hk-inbound', 'mainland-inbound'])
      await gba(['ingest', join(import.meta.dirname, `../../deploy/seed/gba/events/${f}.jsonl`)]);
    const samples = JSON.parse((await gba(['dlq', 'list', '--json'])).stdout) as { reason: string }[];
    expect(samples.map((l) => l.reason).sort()).toEqual(['CONSENT_EXPIRED', 'CONSENT_REVOKED']);
    before = await statuses();
    const file = join(dir.path, 'cases.jsonl');
    writeFileSync(file, ROWS.map(([, e]) => JSON.stringify(e)).join('\n'));
    expect((await gba(['ingest', file])).code).toBe(65);
    after = await statuses();
    letters = JSON.parse((await gba(['dlq', 'list', '--json'])).stdout);
  }, 120_000);

  it.each(ROWS)('%s: %s', (_title, event, outcome) => {
    expect(outcomeOf(letters, event.id)).toBe(outcome);
  });

  it('changes only the cases the handling side moved, or the origin forwarded or withdrew', () => {
    const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    expect(changed.map((id) => `${id} ${before[id]} -> ${after[id]}`).sort()).toEqual([
      'case-0001 in-review -> approved',
      'case-0007 in-review -> closed',
      'case-0012 approved -> rejected',
      'case-0014 submitted -> in-review',
    ]);
  });
});
