/**
 * The partner contracts' date checks (connectors/partners/contract-kit.ts): a well-formed date that
 * names no calendar day is INVALID_PAYLOAD_DATE, a wrong format INVALID_PAYLOAD_DATE_FORMAT.
 */
import { describe, expect, it } from 'vitest';
import { calendarDate, cnDateTime, hkTimestamp } from '../../connectors/partners/contract-kit.js';

const outcome = (schema: typeof calendarDate, value: string) => {
  const r = schema.safeParse(value);
  return r.success ? 'ok' : (r.error.issues[0] as { params?: { reason?: string } }).params?.reason;
};

describe('calendar dates in partner events', () => {
  it.each([
    ['2024-02-29', 'ok'],
    ['2000-02-29', 'ok'],
    ['2025-02-29', 'INVALID_PAYLOAD_DATE'],
    ['1900-02-29', 'INVALID_PAYLOAD_DATE'],
    ['2026-04-31', 'INVALID_PAYLOAD_DATE'],
    ['2026-12-31', 'ok'],
    ['2026-13-01', 'INVALID_PAYLOAD_DATE'],
    ['2026-00-10', 'INVALID_PAYLOAD_DATE'],
    ['2026-01-00', 'INVALID_PAYLOAD_DATE'],
    ['0099-01-01', 'INVALID_PAYLOAD_DATE'],
    ['2026-1-01', 'INVALID_PAYLOAD_DATE_FORMAT'],
  ])('yyyy-MM-dd %s: %s', (value, expected) => {
    expect(outcome(calendarDate, value)).toBe(expected);
  });

  it.each([
    ['2024-02-29T23:59:59+08:00', 'ok'],
    ['2025-02-29T10:00:00+08:00', 'INVALID_PAYLOAD_DATE'],
    ['2026-06-31T10:00:00Z', 'INVALID_PAYLOAD_DATE'],
    ['2026-06-30T24:00:00Z', 'INVALID_PAYLOAD_DATE'],
    ['31/12/2026 10:00', 'INVALID_PAYLOAD_DATE_FORMAT'],
  ])('Hong Kong timestamp %s: %s', (value, expected) => {
    expect(outcome(hkTimestamp, value)).toBe(expected);
  });

  it.each([
    ['2024-02-29 08:00:00', 'ok'],
    ['2026-02-29 08:00:00', 'INVALID_PAYLOAD_DATE'],
    ['2026-02-28 24:00:00', 'INVALID_PAYLOAD_DATE'],
    ['2026-02-28T08:00:00', 'INVALID_PAYLOAD_DATE_FORMAT'],
  ])('Mainland time %s: %s', (value, expected) => {
    expect(outcome(cnDateTime, value)).toBe(expected);
  });
});
