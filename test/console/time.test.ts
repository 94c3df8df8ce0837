import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../services/console/src/i18n/time.ts';

describe('The console shows times in Hong Kong time', () => {
  it.each([
    ['2026-11-30T19:33:29.354Z', 'en', '2026-12-01 03:33 HKT'],
    ['2026-12-01T03:33:00+08:00', 'en', '2026-12-01 03:33 HKT'],
    ['2026-11-30T19:33:29.354Z', 'zh-Hant', '2026-12-01 03:33 香港時間'],
    ['2026-11-30T19:33:29.354Z', 'zh-Hans', '2026-12-01 03:33 香港时间'],
  ] as const)('%s in %s reads %s', (iso, lang, shown) => {
    expect(formatDateTime(iso, lang)).toBe(shown);
  });

  it.each([
    ['2026-11-30T19:33:29.354Z', '2026-12-01'],
    ['2026-12-01T03:33:00+08:00', '2026-12-01'],
    ['2026-02-03', '2026-02-03'],
    [null, '—'],
  ])('the date of %s is %s', (iso, shown) => {
    expect(formatDate(iso)).toBe(shown);
  });
});
