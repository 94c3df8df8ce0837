/**
 * The load step: a batch's view holds the records its events name, their cases' services, the
 * consents of their subjects and the entity clocks; the batch's own writes lie over it, and an
 * event older than a record's clock is older whether the clock came from an event or the seed.
 */
import { describe, expect, it } from 'vitest';
import { BatchView, loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { caseStatus, PERSONAL, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();

describe('the load step', () => {
  it('reads the case, its service and its subject’s consents, and no other case', async () => {
    const view = await loadBatchView(store, [valid(caseStatus('V-1', { personalData: PERSONAL }))]);
    expect(view.get('Case', 'case-0006')).toMatchObject({ person: 'p-0006' });
    expect(view.get('Service', 'svc-gd-residence-permit')).toMatchObject({ agency: 'gd-psd' });
    expect(view.consents.get('p-0006')?.map((c) => c.id)).toContain('con-0003');
    expect(view.get('Case', 'case-0001')).toBeNull();
  });

  const CLOCKS: [string, string | null, string, boolean][] = [
    ['an event before a seeded case’s own time is older', null, '2025-12-01T00:00:00+08:00', true],
    ['an event after a seeded case’s own time is not older', null, '2026-01-01T00:00:00+08:00', false],
    ['an event before the batch’s own write is older', '2026-06-01T00:00:00+08:00', '2026-05-01T00:00:00+08:00', true],
    [
      'an event after the batch’s own write is not older',
      '2026-06-01T00:00:00+08:00',
      '2026-07-01T00:00:00+08:00',
      false,
    ],
  ];

  it.each(CLOCKS)('%s', async (_title, written, time, older) => {
    const view = await loadBatchView(store, [valid(caseStatus('V-2'))]);
    const kase = view.get('Case', 'case-0006');
    if (written && kase) view.put('Case', { ...kase, status: 'closed' } as { id: string }, written);
    expect(view.isOlder('Case', 'case-0006', time)).toBe(older);
  });

  it('keeps a consent the batch writes in its subject’s list, replaced by id', () => {
    const view = new BatchView();
    view.consents.set('p-1', []);
    const consent = { id: 'con-1', subject: 'p-1', version: 1 };
    view.put('Consent', consent, '2026-01-01T00:00:00Z');
    view.put('Consent', { ...consent, version: 2 } as { id: string }, '2026-01-02T00:00:00Z');
    expect(view.consents.get('p-1')).toEqual([{ ...consent, version: 2 }]);
    expect([...view.dirtyClocks.values()]).toEqual([{ label: 'Consent', id: 'con-1', time: '2026-01-02T00:00:00Z' }]);
  });
});
