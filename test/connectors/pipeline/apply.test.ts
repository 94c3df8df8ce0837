/**
 * The apply step: an event's changes as the records they write, against the batch's view of the
 * sample data set. Older events write nothing; a consent change goes through the lifecycle and is
 * audited; an announcement known as it is is not written again; a change the model refuses is
 * SCHEMA_INVALID_ENTITY; a case status moving case-0006 (approved) from another status than it holds
 * is STALE_PREVIOUS_STATUS; closed case-0005 takes only the retelling of the event that closed it,
 * anything else is CASE_CLOSED (test/connectors/closed-case.test.ts has the table from the outside).
 */
import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../connectors/pipeline/apply.js';
import { loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { PendingReceipts } from '../../../connectors/pipeline/consent-receipts.js';
import type { ValidEvent } from '../../../connectors/pipeline/validate.js';
import type { AuditEntry } from '../../../services/consent/audit/audit-log.port.js';
import { caseStatus, NOW, sample, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();

const con6 = sample('hk-inbound', '63bbb6f8-d0b4-59d6-8e62-f8dc26ea1069') as { data: Record<string, unknown> };
const grant = (id: string) => ({ ...con6, id: `G-${id}`, subject: id, data: { ...con6.data, consentId: id } });
const announcement = sample('hk-inbound', '8f3151cf-a790-54b9-89ed-9152ab256a70');
const service = sample('hk-inbound', '2695ac66-f59c-514d-b790-cd0c6b839625') as { data: Record<string, unknown> };
const status = valid(caseStatus('A-1'));
const broken: ValidEvent = {
  ...status,
  canonical: {
    ...status.canonical,
    changes: [{ label: 'Case', id: 'case-0006', set: { status: 'teleported' } }],
  },
};

/** A status of p-0001's case-0005 (closed 2026-01-05T16:00 from approved; COMPLETED is closed), by default months later. */
const closedCase = (id: string, previousStatus: string | null, time = '2026-09-01T10:00:00+08:00') =>
  valid(
    caseStatus(
      id,
      {
        caseId: 'case-0005',
        serviceId: 'svc-hk-cbps-kiosk-sz',
        applicantRef: 'p-0001',
        previousStatus,
        status: 'COMPLETED',
        statusChangedAt: time,
      },
      { subject: 'case-0005', time },
    ),
  );

const closedCaseRows: [string, ValidEvent, string, string[]][] = [
  ['a closed case (case-0005) said to be completed from received', closedCase('A-26', 'RECEIVED'), 'CASE_CLOSED', []],
  ['a closed case said to be completed again, later', closedCase('A-27', 'COMPLETED'), 'CASE_CLOSED', []],
  [
    'the event that closed the case, told again',
    closedCase('A-29', 'APPROVED', '2026-01-05T16:00:00+08:00'),
    'Case case-0005 status=closed',
    [],
  ],
  ['a closed case said to be completed, stating no previous status', closedCase('A-28', null), 'CASE_CLOSED', []],
];

const ROWS: [string, ValidEvent, string, string[]][] = [
  ['a case status newer than the case', status, 'Case case-0006 status=in-review', []],
  ['a case status older than the case', valid(caseStatus('A-2', {}, { time: '2025-12-01T10:00:00+08:00' })), '', []],
  [
    'a case status moving the case from the status it holds',
    valid(caseStatus('A-21', { previousStatus: 'APPROVED' })),
    'Case case-0006 status=in-review',
    [],
  ],
  [
    'a case status moving the case from a status it does not hold',
    valid(caseStatus('A-22', { previousStatus: 'DOCUMENTS_REQUIRED' })),
    'STALE_PREVIOUS_STATUS',
    [],
  ],
  [
    'a case status to the status the case already holds, from another',
    valid(caseStatus('A-23', { previousStatus: 'RECEIVED', status: 'APPROVED' })),
    'Case case-0006 status=approved',
    [],
  ],
  [
    'an older case status from a status the case does not hold',
    valid(caseStatus('A-24', { previousStatus: 'DOCUMENTS_REQUIRED' }, { time: '2025-12-01T10:00:00+08:00' })),
    '',
    [],
  ],
  [
    'a case status reopening a closed case (case-0005), stating no previous status',
    valid(
      caseStatus(
        'A-25',
        { caseId: 'case-0005', serviceId: 'svc-hk-cbps-kiosk-sz', applicantRef: 'p-0001', status: 'RECEIVED' },
        { subject: 'case-0005' },
      ),
    ),
    'CASE_CLOSED',
    [],
  ],
  ...closedCaseRows,
  [
    'a service update of its own agency',
    valid({ ...service, id: 'A-3', data: { ...service.data, url: 'https://www.gov.hk/new' } }),
    'Service svc-hk-cbps-kiosk-mo url=https://www.gov.hk/new',
    [],
  ],
  ['an announcement already known as it is, under a new id', valid({ ...announcement, id: 'A-4' }), '', []],
  ['a grant of a new consent', valid(grant('con-new-1')), 'Consent con-new-1 status=', ['allow consent granted']],
  ['a grant repeating a consent already held', valid({ ...con6, id: 'A-6' }), '', []],
  [
    'a grant naming as controller an agency not of the case’s origin (case-0012 is from HK)',
    valid({ ...grant('con-new-2'), data: { ...grant('con-new-2').data, controllerId: 'gd-psd' } }),
    'CONTROLLER_NOT_OF_CASE',
    [],
  ],
  ['a change the model refuses', broken, 'SCHEMA_INVALID_ENTITY', []],
];

describe('the apply step', () => {
  it.each(ROWS)('%s', async (_title, event, want, entries) => {
    const view = await loadBatchView(store, [event]);
    const audit: AuditEntry[] = [];
    const applied = applyEvent({ event, view, at: NOW, audit, receipts: new PendingReceipts() });
    const shown = applied.ok
      ? applied.writes
          .map(({ label, record }) => {
            const r = record as Record<string, unknown>;
            const field = label === 'Service' ? 'url' : 'status';
            return `${label} ${record.id} ${field}=${r[field] ?? ''}`;
          })
          .join('; ')
      : applied.rejection.code;
    expect(shown).toBe(want);
    expect(audit.map((a) => `${a.decision} ${a.reason}`)).toEqual(entries);
  });
});
