/**
 * The reference step: every record an event names exists, or the event creates it; a refusal names
 * the label and the payload field.
 */
import { describe, expect, it } from 'vitest';
import type { Lookup } from '../../../connectors/pipeline/authorise.js';
import { unknownReference } from '../../../connectors/pipeline/references.js';
import type { ValidEvent } from '../../../connectors/pipeline/validate.js';
import { caseStatus, valid } from '../../support/pipeline-events.js';

const KNOWN = new Set(['Case:case-0006', 'Service:svc-gd-residence-permit', 'Person:p-0006', 'Agency:hk-dpo']);
const get = ((label: string, id: string) => (KNOWN.has(`${label}:${id}`) ? { id } : null)) as Lookup;

const status = valid(caseStatus('R-1'));
/** An event whose references name one more record, which its changes may create. */
const naming = (ref: { label: string; id: string; field: string }, creates = false): ValidEvent => ({
  ...status,
  canonical: {
    ...status.canonical,
    references: [...status.canonical.references, ref as ValidEvent['canonical']['references'][number]],
    changes: creates
      ? [...status.canonical.changes, { label: ref.label as 'Practice', id: ref.id, set: {}, create: {} }]
      : status.canonical.changes,
  },
});

const ROWS: [string, ValidEvent, string | null][] = [
  ['a case status naming known records', status, null],
  [
    'a case status naming no known case',
    valid(caseStatus('R-2', { caseId: 'case-9999' }, { subject: 'case-9999' })),
    'UNKNOWN_REFERENCE_CASE data.caseId case-9999 does not exist',
  ],
  [
    'an event naming an unknown practice',
    naming({ label: 'Practice', id: 'pr-x', field: 'data.practiceId' }),
    'UNKNOWN_REFERENCE_PRACTICE data.practiceId pr-x does not exist',
  ],
  [
    'an event naming a practice it creates',
    naming({ label: 'Practice', id: 'pr-x', field: 'data.practiceId' }, true),
    null,
  ],
];

describe('the reference step', () => {
  it.each(ROWS)('%s', (_title, event, want) => {
    const refused = unknownReference(event, get);
    expect(refused ? `${refused.code} ${refused.message}` : null).toBe(want);
    if (refused) expect(refused.stage).toBe('reference');
  });
});
