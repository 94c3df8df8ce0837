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
import type { Consent } from '../../../schema/domain/index.js';
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

/**
 * Issue 16: a consent naming no case serves a case only when its controller holds the case's data
 * (its origin jurisdiction or one covering it), at the outbound door as at the GraphQL gate and the
 * inbound one. case-0006 originated in HK: p-0006's case-less consent to gd-psd for contact, granted
 * under a Shenzhen controller, must not send the contact across; the same under hk-dpo does.
 */
describe('the emit step under a consent naming no case', () => {
  const caseLess = (id: string, controller: string): Consent => ({
    id,
    subject: 'p-0006',
    controller,
    recipient: 'gd-psd',
    recipientJurisdiction: 'GD',
    purpose: 'residence-permit-application',
    dataCategories: ['contact'],
    legalBasis: 'consent',
    grantedBy: 'platform',
    grantedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2030-01-01T00:00:00Z',
    revokedAt: null,
    case: null,
    version: 1,
    synthetic: false,
    receipts: [],
  });
  const contact = (id: string) =>
    valid(caseStatus(id, { personalData: { ...PERSONAL, categories: ['contact'], consentId: null } }));
  const emitted = async (event: ValidEvent) => {
    const view = await loadBatchView(store, [event]);
    const outbox: OutboxMessage[] = [];
    const audit: AuditEntry[] = [];
    emitCaseStatus({ event, writes: wrote, view, at: NOW, outbox, audit });
    return audit.map((a) => `${a.decision} ${a.categories.join(',')}`);
  };

  it.each([
    ['a Shenzhen controller (holds none of HK-origin data)', 'con-nc-sz', 'sz-gov-data-bureau', ['deny contact']],
    ['a Macao controller', 'con-nc-mo', 'mo-safp', ['deny contact']],
    ['an agency the catalogue does not know', 'con-nc-xx', 'no-such-agency', ['deny contact']],
  ])('%s: the contact stays on its side', async (_title, id, controller, entries) => {
    await store.write([{ label: 'Consent', records: [caseLess(id, controller)] }]);
    expect(await emitted(contact(`E-${id}`))).toEqual(entries);
  });

  it('the HK controller holding the data (hk-dpo): the contact goes across', async () => {
    await store.write([{ label: 'Consent', records: [caseLess('con-nc-hk', 'hk-dpo')] }]);
    expect(await emitted(contact('E-con-nc-hk'))).toEqual(['allow contact']);
  });
});
