/**
 * canonical() quotes recurring keys once, from a bounded cache: its bytes are the plain rule's (keys
 * sorted by UTF-16 code units, undefined left out) for every input, and keys as long as a partner's
 * message may make them are not kept, so a stream of such keys cannot hold memory.
 */
import { describe, expect, it } from 'vitest';
import { canonical, quotedKeysHeld } from '../../services/consent/audit/canonical.js';

/** The rule as written before the cache: sort every object's keys, quote each. */
function plain(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : plain(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${plain(record[k])}`);
  return `{${parts.join(',')}}`;
}

describe('canonical()', () => {
  it.each([
    { name: 'integer-like keys beside names', value: { b: 1, 10: 2, 9: 3, a: 4, '-1': 5, '01': 6 } },
    { name: 'keys ordered by UTF-16 code unit, not code point', value: { '\uffff': 1, '\u{1f600}': 2, é: 3 } },
    { name: 'keys needing escapes', value: { 'a"b': 1, 'c\\d': 2, '\n': 3, '\ud800': 4, '\u2028': 5 } },
    { name: 'undefined values and array holes', value: { a: undefined, b: [undefined, 1, { z: undefined, y: 2 }] } },
    {
      name: 'a key seen before in another order',
      value: [
        { x: 1, w: 2 },
        { w: 2, x: 1 },
      ],
    },
  ])('gives the plain rule’s bytes: $name', ({ value }) => {
    expect(canonical(value)).toBe(plain(value));
    expect(canonical(value)).toBe(plain(value));
  });

  it('keeps no key as long as a message in its cache', () => {
    const before = quotedKeysHeld();
    for (let i = 0; i < 50; i++) {
      const key = `${'k'.repeat(100_000)}${i}`;
      expect(canonical({ [key]: i })).toBe(`{"${key}":${i}}`);
    }
    expect(quotedKeysHeld() - before).toBeLessThan(1_000);
  });
});
