/**
 * The consent step: personal data in an event crosses only under a consent in force, at the event's
 * own time, or now for a replay; each decision, allow or deny, is one audit entry.
 * case-0006's data (p-0006) goes to gd-psd under con-0003: identity and address, 2025-12-01 to 2027-06-01.
 */
import { describe, expect, it } from 'vitest';
import { loadBatchView } from '../../../connectors/pipeline/batch-view.js';
import { gateConsent } from '../../../connectors/pipeline/consent-gate.js';
import type { AuditEntry } from '../../../services/consent/audit/audit-log.port.js';
import { caseStatus, NOW, PERSONAL, valid } from '../../support/pipeline-events.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { store } = seededEngines();
const AFTER_EXPIRY = new Date('2027-07-01T00:00:00+08:00');

const ROWS: [string, Record<string, unknown>, { at?: Date; replay?: boolean }, string | null, string | null][] = [
  ['an event without personal data', {}, {}, null, null],
  ['identity under con-0003, in force', { personalData: PERSONAL }, {}, null, 'allow con-0003'],
  [
    'contact, which con-0003 does not cover',
    { personalData: { ...PERSONAL, categories: ['contact'] } },
    {},
    'CONSENT_SCOPE',
    'deny con-0003',
  ],
  [
    'a consent id that does not exist',
    { personalData: { ...PERSONAL, consentId: 'con-9999' } },
    {},
    'NO_CONSENT',
    'deny -',
  ],
  [
    'a first delivery judged at its own time, after the consent has since expired',
    { personalData: PERSONAL },
    { at: AFTER_EXPIRY },
    null,
    'allow con-0003',
  ],
  [
    'a replay judged now, after the consent has expired',
    { personalData: PERSONAL },
    { at: AFTER_EXPIRY, replay: true },
    'CONSENT_EXPIRED',
    'deny con-0003',
  ],
];

describe('the consent step', () => {
  it.each(ROWS)('%s: %s', async (_title, data, { at = NOW, replay = false }, code, entry) => {
    const event = valid(caseStatus(`G-${code}`, data));
    const view = await loadBatchView(store, [event]);
    const audit: AuditEntry[] = [];
    const outcome = gateConsent({ event, view, at, replay, audit });
    expect(outcome.ok ? null : outcome.rejection.code).toBe(code);
    expect(audit.map((a) => `${a.decision} ${a.consentId ?? '-'}`)).toEqual(entry ? [entry] : []);
    for (const a of audit) expect(a).toMatchObject({ subject: 'p-0006', requestId: event.id, at: at.toISOString() });
  });
});
