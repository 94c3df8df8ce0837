/**
 * Dead letters shown to operators (services/operations/mask.ts): no person id of the shipped partner
 * events, Hong Kong or Mainland dialect, valid or malformed, is shown in clear. The fixtures' own
 * `_expect` notes (what a test expects of the event) are not partner data and are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorEntry } from '../../services/operations/dead-letters.js';
import type { DeadLetterEntry } from '../../services/operations/event-desk.port.js';
import { maskedBody } from '../../services/operations/mask.js';

const DIR = 'deploy/seed/gba/events';
const PERSON_ID = /\bp-\d{4}\b/;
const events = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((file) =>
    readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ at: `${file}:${i + 1}`, line }))
      .filter(({ line }) => PERSON_ID.test(line)),
  );

/** The body as an operator sees it, without the fixtures' `_expect` notes. */
function shown(line: string): string {
  try {
    const { _expect: _, ...event } = JSON.parse(line) as Record<string, unknown>;
    return maskedBody(Buffer.from(JSON.stringify(event)));
  } catch {
    return maskedBody(Buffer.from(line));
  }
}

describe('dead letters shown to operators', () => {
  it('are checked against events that carry person ids, of both dialects', () => {
    expect(events.length).toBeGreaterThan(20);
    expect(events.some(({ at }) => at.startsWith('mainland'))).toBe(true);
  });

  it.each(events)('$at shows no person id in clear', ({ line }) => {
    expect(shown(line)).not.toMatch(PERSON_ID);
  });
});

describe('dead letters’ messages shown to operators (GraphQL, console, gba dlq list)', () => {
  const entry = (message: string): DeadLetterEntry => ({
    dlqOffset: '4',
    claim: null,
    reason: 'SUBJECT_MISMATCH',
    message,
    eventId: 'evt-1',
    source: 'urn:gba:hk:td',
    time: '2026-03-01T10:00:00Z',
    topic: 'gba.inbound.hk',
    partition: 0,
    offset: '7',
  });
  it.each([
    [
      'personal data of p-0007 (identity, contact, financial from hk-td to gd-psd)',
      'personal data of p••••• (identity, contact, financial from hk-td to gd-psd)',
    ],
    ['consent con-0003 is not a consent of p-0007', 'consent con-0003 is not a consent of p•••••'],
    [
      "case case-0009 is p-0007's; the event names p-0012 as applicant",
      "case case-0009 is p•••••'s; the event names p••••• as applicant",
    ],
    ['phone +852 9123 4567 or chan@example.com', 'phone +••••••••••••• or c•••••••••••••••'],
    ['no consent covers case-0003 at 2026-03-01T10:00:00Z', 'no consent covers case-0003 at 2026-03-01T10:00:00Z'],
  ])('%s is shown as %s, the rest of the letter as stored', (stored, shown) => {
    expect(operatorEntry(entry(stored))).toEqual({ ...entry(stored), message: shown });
  });
});
