/**
 * canonical() quotes recurring keys once, from a bounded cache: its bytes are the plain rule's (keys
 * sorted by UTF-16 code units, undefined left out) for every input, and keys as long as a partner's
 * message may make them are not kept, so a stream of such keys cannot hold memory.
 */
import { describe, expect, it } from 'vitest';
import { canonical, canonicalWithout, quotedKeysHeld } from '../../services/consent/audit/canonical.js';

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

  // Records of up to 32 keys are sorted by insertion, larger ones by the default sort: both in the plain rule's order.
  it.each([2, 3, 31, 32, 33, 200])('sorts %i keys, reversed, shuffled and in order, as the plain rule', (n) => {
    const keys = Array.from({ length: n }, (_, i) => `k${String(i).padStart(3, '0')}${i % 3 === 0 ? 'é' : ''}`);
    // A fixed shuffle: every third key moved to the front, reversed.
    const shuffled = [...keys.filter((_, i) => i % 3 === 2).reverse(), ...keys.filter((_, i) => i % 3 !== 2)];
    for (const order of [keys, [...keys].reverse(), shuffled, ['\u{1f600}', ...keys, '\uffff']]) {
      const value = Object.fromEntries(order.map((k, i) => [k, i % 5 === 0 ? undefined : { [k]: i, a: [i] }]));
      expect(canonical(value)).toBe(plain(value));
    }
  });

  it('leaves one key out without a copy: the bytes of canonical() over a copy without it', () => {
    const consent = {
      subject: 'p-1',
      receipts: ['r1', 'r2'],
      id: 'con-1',
      version: 2,
      case: undefined,
      z: { receipts: 1 },
    };
    const { receipts: _left, ...rest } = consent;
    expect(canonicalWithout(consent, 'receipts')).toBe(canonical(rest));
    expect(canonicalWithout(consent, 'receipts')).toBe(plain(rest));
    expect(canonicalWithout(rest, 'receipts')).toBe(canonical(rest));
  });
});
