/**
 * The emit step: a case status an event applied goes to the other side of the boundary (case-0006
 * is handled in GD, originated in HK: a DPO status goes to the Mainland), with a decision, and an
 * audit entry, for each personal field; nothing goes out for a status that wrote nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Write } from '../../../connectors/pipeline/apply.js';
import { loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { emitCaseStatus } from '../../../connectors/pipeline/emit.js';
import type { ValidEvent } from '../../../connectors/pipeline/validate.js';
import { TOPICS } from '../../../connectors/transport/event-transport.port.js';
import type { AuditEntry } from '../../../services/consent/audit/audit-log.port.js';
import type { OutboxMessage } from '../../../services/graph/graph-store.port.js';
import { caseStatus, NOW, PERSONAL, sample, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();
const wrote: Write[] = [{ label: 'Case', record: { id: 'case-0006' } }];
const service = sample('hk-inbound', '2695ac66-f59c-514d-b790-cd0c6b839625');

const ROWS: [string, ValidEvent, Write[], string[], string[]][] = [
  ['a status without personal data', valid(caseStatus('E-1')), wrote, [TOPICS.outboundMainland], []],
  [
    'a status carrying identity under con-0003',
    valid(caseStatus('E-2', { personalData: PERSONAL })),
    wrote,
    [TOPICS.outboundMainland],
    ['allow identity'],
  ],
  ['a status that wrote nothing (older than the case)', valid(caseStatus('E-3')), [], [], []],
  [
    'an event that is no case status',
    valid({ ...service, id: 'E-4' }),
    [{ label: 'Service', record: { id: 'x' } }],
    [],
    [],
  ],
];

describe('the emit step', () => {
  it.each(ROWS)('%s', async (_title, event, writes, topics, entries) => {
    const view = await loadBatchView(store, [event]);
    const outbox: OutboxMessage[] = [];
    const audit: AuditEntry[] = [];
    emitCaseStatus({ event, writes, view, at: NOW, outbox, audit });
    expect(outbox.map((m) => m.topic)).toEqual(topics);
    expect(audit.map((a) => `${a.decision} ${a.categories.join(',')}`)).toEqual(entries);
    for (const a of audit) expect(a).toMatchObject({ subject: 'p-0006', requestId: event.id });
  });
});
