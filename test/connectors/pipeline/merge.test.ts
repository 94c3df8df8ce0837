/**
 * The merge step checks a record against the model: whole when it comes from elsewhere (the store, a
 * new record), and by the fields a change sets when this step built it, so a record changed again
 * and again in one batch is not checked whole each time. Either way a bad value is refused with the
 * field named, an unknown field is dropped, and the result is the same record.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../connectors/partners/canonical-event.js';
import { applyChange } from '../../../connectors/pipeline/merge.js';
import type { Case } from '../../../schema/domain/index.js';

const stored: Case = {
  id: 'case-9001',
  service: 'svc-hk-td-direct-issue-dl',
  person: 'p-0001',
  handlingJurisdiction: 'HK',
  originJurisdiction: 'GZ',
  status: 'submitted',
  personalDataCategories: ['identity'],
  submittedAt: '2026-01-02T10:00:00+08:00',
  updatedAt: '2026-01-02T10:00:00+08:00',
  practiceApplied: null,
  synthetic: true,
};

const change = (set: Record<string, unknown>): Change => ({ label: 'Case', id: 'case-9001', set });

/** A record as this step builds it (checked whole), then changed again. */
function built(): Case {
  const first = applyChange<'Case'>({ ...stored }, change({ status: 'in-review' }));
  if (!first.ok) throw new Error(first.message);
  return first.record;
}

describe('applyChange checks what it merges', () => {
  it.each([
    ['a record read from the store', () => ({ ...stored })],
    ['a record this step built', built],
  ])('%s: a bad value is refused naming the field', (_, current) => {
    const merged = applyChange<'Case'>(current(), change({ status: 'teleported' }));
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.message).toMatch(/^Case case-9001: status: /);
  });

  it.each([
    ['a record read from the store', () => ({ ...stored })],
    ['a record this step built', built],
  ])('%s: a good change gives the record the model gives, unknown fields dropped', (_, current) => {
    const merged = applyChange<'Case'>(current(), change({ status: 'approved', teleport: 'yes' }));
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      expect(merged.record.status).toBe('approved');
      expect(merged.record).not.toHaveProperty('teleport');
      expect(Object.keys(merged.record)).toEqual(Object.keys(built()));
    }
  });

  it('a record this step built, changed again, keeps its other fields and is checked by the field it sets', () => {
    const again = applyChange<'Case'>(built(), change({ updatedAt: 'yesterday' }));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.message).toMatch(/^Case case-9001: updatedAt: /);
    const fine = applyChange<'Case'>(built(), change({ updatedAt: '2026-01-03T10:00:00+08:00' }));
    expect(fine.ok && fine.record).toMatchObject({ status: 'in-review', updatedAt: '2026-01-03T10:00:00+08:00' });
  });
});
