import { describe, expect, it } from 'vitest';
import { toSimplified, toTraditional } from '../../schema/script-conversion.js';

// The one converter pair every module shares (authored texts, partner merges, search): Hong Kong's
// Traditional usage, not Taiwan's or OpenCC's standard, in both directions.
describe('script conversion (OpenCC, Hong Kong variant)', () => {
  it.each([
    ['办理身份证', '辦理身份證'],
    ['里面', '裏面'], // Hong Kong writes 裏 (Taiwan 裡)
    ['台湾', '台灣'], // Hong Kong keeps 台 (OpenCC's standard form is 臺)
  ])('converts Simplified %s to Traditional %s', (simplified, traditional) => {
    expect(toTraditional(simplified)).toBe(traditional);
  });

  it.each([
    ['辦理身份證', '办理身份证'],
    ['裏面', '里面'],
    ['綫上服務', '线上服务'], // the Hong Kong form 綫 folds as well as 線
  ])('converts Traditional %s to Simplified %s', (traditional, simplified) => {
    expect(toSimplified(traditional)).toBe(simplified);
  });

  it('leaves English and digits as they are', () => {
    expect(toTraditional('Licence 2026')).toBe('Licence 2026');
    expect(toSimplified('Licence 2026')).toBe('Licence 2026');
  });
});
