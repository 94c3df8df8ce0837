/**
 * The load step reads only the consents a batch's decisions can use (issue 16): those naming a
 * recipient the batch's events can reach, and those named by id. A subject with many consents, to
 * other recipients, revoked, expired or not yet granted, gets the same decisions from the batch's
 * view as from all of its consents: the consent gate's and the outbound rule's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { eventConsent } from '../../../connectors/pipeline/event-consent.js';
import type { Case, Consent, Service } from '../../../schema/domain/index.js';
import { decide } from '../../../services/consent/decide.js';
import type { Principal } from '../../../services/identity/authenticator.port.js';
import { caseStatus, PERSONAL, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();

const RECIPIENTS = ['gd-psd', 'gz-gov-data-bureau', 'hk-td', 'gd-psd'];
const CONTROLLERS = ['hk-dpo', 'hk-td'];
const CATEGORIES = [['identity'], ['identity', 'address'], ['address']];
const CASES = [null, 'case-0006', 'case-0001'];

/** Consent number i of p-0006: recipient, controller, scope, case and state all vary with i. */
function consent(base: Consent, i: number): Consent {
  const state = i % 5; // 0 in force, 1 revoked, 2 expired, 3 granted later, 4 in force
  return {
    ...base,
    id: `con-many-${String(i).padStart(3, '0')}`,
    recipient: RECIPIENTS[i % RECIPIENTS.length] as string,
    controller: CONTROLLERS[i % CONTROLLERS.length] as string,
    dataCategories: CATEGORIES[i % CATEGORIES.length] as Consent['dataCategories'],
    case: CASES[i % CASES.length] ?? null,
    grantedAt:
      state === 3 ? '2026-10-01T00:00:00+08:00' : `2026-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00+08:00`,
    expiresAt: state === 2 ? '2026-06-30T23:59:59+08:00' : '2027-12-31T23:59:59+08:00',
    revokedAt: state === 1 ? '2026-05-01T00:00:00+08:00' : null,
  };
}

let all: Consent[] = [];
beforeAll(async () => {
  const seeded = (await store.getByIds('Consent', ['con-0003']))[0] as Consent;
  await store.write([
    {
      label: 'Consent',
      // The seeded con-0003 leaves the gate: the many decide it.
      records: [
        { ...seeded, revokedAt: '2026-02-01T00:00:00+08:00' },
        ...Array.from({ length: 120 }, (_, i) => consent(seeded, i)),
      ],
    },
  ]);
  all = (await store.find('Consent', { where: [{ field: 'subject', op: 'in', values: ['p-0006'] }], first: 10_000 }))
    .records;
});

const EVENTS: [string, Record<string, unknown>][] = [
  ['no consent named, identity at the event time', { consentId: undefined }],
  ['no consent named, identity and address', { consentId: undefined, categories: ['identity', 'address'] }],
  ['no consent named, from another controller', { consentId: undefined, controllerId: 'hk-td' }],
  ['a consent in force named', { consentId: 'con-many-000' }],
  ['a revoked consent named', { consentId: 'con-many-016' }],
  ['an expired consent named', { consentId: 'con-many-012' }],
  ['a consent granted later named', { consentId: 'con-many-028' }],
  ['a consent to another recipient named', { consentId: 'con-many-001' }],
  ['another subject’s consent named', { consentId: 'con-0004' }],
  ['a consent that does not exist named', { consentId: 'con-none' }],
];

describe('the consents a batch reads', () => {
  it.each(EVENTS)('%s: the gate decides as over all of the subject’s consents', async (_title, pd) => {
    const event = valid(caseStatus('MANY-1', { personalData: { ...PERSONAL, ...pd } }));
    const view = await loadBatchView(store, [event]);
    const block = event.canonical.personalData;
    if (!block) throw new Error('the event carries no personal data');
    const judge = (consents: readonly Consent[]) =>
      eventConsent({ block, recipient: 'gd-psd', consents, time: event.time, processedAt: event.time });
    const narrowed = view.consents.get('p-0006') ?? [];
    expect(narrowed.length).toBeLessThan(all.length);
    expect(judge(narrowed)).toEqual(judge(all));
  });

  // The agencies the outbound rule asks about for this event: the case's service's, the event's controller.
  const AGENCIES = ['gd-psd', 'hk-dpo'];
  it.each(AGENCIES)('the outbound rule decides for %s as over all of the subject’s consents', async (agency) => {
    const event = valid(caseStatus('MANY-2', { personalData: PERSONAL }));
    const view = await loadBatchView(store, [event]);
    const kase = view.get('Case', 'case-0006') as Case;
    const service = view.get('Service', kase.service) as Service;
    const viewer: Principal = { subject: 'partner', clientId: 'c', roles: ['official'], jurisdiction: 'GD', agency };
    for (const category of ['identity', 'address', 'contact'] as const) {
      const judge = (consents: readonly Consent[]) =>
        decide({ viewer, kase, service, category, consents, now: new Date('2026-09-01T10:00:00+08:00') });
      expect(judge(view.consents.get('p-0006') ?? [])).toEqual(judge(all));
    }
  });

  it('judges the many as they stand: a revoked consent named is refused as revoked, one in force lets the data in', async () => {
    const judge = async (consentId: string) => {
      const event = valid(caseStatus('MANY-3', { personalData: { ...PERSONAL, consentId } }));
      const view = await loadBatchView(store, [event]);
      const block = event.canonical.personalData;
      if (!block) throw new Error('the event carries no personal data');
      return eventConsent({
        block,
        recipient: 'gd-psd',
        consents: view.consents.get('p-0006') ?? [],
        time: event.time,
        processedAt: event.time,
      });
    };
    expect(await judge('con-many-016')).toMatchObject({ allowed: false, code: 'CONSENT_REVOKED' });
    expect(await judge('con-many-000')).toMatchObject({ allowed: true, consent: { id: 'con-many-000' } });
  });
});
