/** Timestamps keep the offset they came with, so lists ordered by time compare instants, not text. */
import { describe, expect, it } from 'vitest';
import { newestFirst } from '../../schema/domain/index.js';

describe('newestFirst', () => {
  it.each([
    // An API write (Z) after a partner's (+08:00) whose text sorts later.
    ['2026-11-30T19:37:16.910Z', '2026-12-01T03:33:28+08:00', -1],
    ['2026-12-01T03:33:28+08:00', '2026-11-30T19:37:16.910Z', 1],
    ['2026-02-16T10:00:00+08:00', '2026-02-16T02:00:00Z', 0],
    ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1],
  ])('puts %s against %s as %i', (a, b, sign) => {
    expect(Math.sign(newestFirst(a, b))).toBe(sign);
  });

  it('sorts a mixed list by the instant each names', () => {
    const list = ['2026-12-01T03:33:28+08:00', '2026-11-30T19:37:16.910Z', '2026-11-30T20:00:00+08:00'];
    expect(list.toSorted(newestFirst)).toEqual([
      '2026-11-30T19:37:16.910Z',
      '2026-12-01T03:33:28+08:00',
      '2026-11-30T20:00:00+08:00',
    ]);
  });
});
