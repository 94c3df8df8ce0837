/** When a write request repeats an earlier one (services/shared/idempotency.ts). */
import { describe, expect, it } from 'vitest';
import { REPEAT_WINDOW_MS, repeatOf, requestMark } from '../../services/shared/idempotency.js';

const now = new Date('2026-05-01T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const input = { title: 'Halls', topics: ['kiosks'] };
const record = (id: string, at: string, key: string | null = null, body: unknown = input, by = 'sz-official') => ({
  id,
  at,
  by,
  request: requestMark(body, key),
});
const find = (records: readonly ReturnType<typeof record>[], key: string | null, sender = 'sz-official') =>
  repeatOf({ mark: requestMark(input, key), records, writtenAt: (r) => r.at, writtenBy: (r) => r.by, sender, now });

describe('a repeated write request', () => {
  it.each([
    ['an identical request within the window', [record('a', ago(60_000))], null, 'a'],
    ['an identical request after the window', [record('a', ago(REPEAT_WINDOW_MS + 1))], null, undefined],
    [
      'a different request within the window',
      [record('a', ago(1000), null, { ...input, title: 'Other' })],
      null,
      undefined,
    ],
    ['the same key long after, identical input', [record('a', ago(30 * REPEAT_WINDOW_MS), 'k-1')], 'k-1', 'a'],
    ['another key, identical input within the window', [record('a', ago(1000), 'k-1')], 'k-2', 'a'],
    [
      'a colleague’s key, identical input after the window',
      [record('a', ago(30 * REPEAT_WINDOW_MS), 'k-1', input, 'sz-other-official')],
      'k-1',
      undefined,
    ],
    [
      'a colleague’s key, a different input (the key is theirs, not refused)',
      [record('a', ago(1000), 'k-1', { ...input, title: 'Other' }, 'sz-other-official')],
      'k-1',
      undefined,
    ],
  ] as const)('%s', (_case, records, key, expected) => {
    expect(find(records, key)?.id).toBe(expected);
  });

  it('is refused when its key was used for a different input, naming what that one made', () => {
    const records = [record('prac-sz-halls', ago(1000), 'k-1', { ...input, title: 'Other' })];
    expect(() => find(records, 'k-1')).toThrow(
      /idempotencyKey: was used for a different request, which made prac-sz-halls/,
    );
  });

  it('digests the input whatever the order of its fields', () => {
    expect(requestMark({ a: 1, b: [2] }, null)).toEqual(requestMark({ b: [2], a: 1 }, null));
  });

  it.each(['', '   ', 'k'.repeat(129)])('refuses the key %j', (key) => {
    expect(() => requestMark(input, key)).toThrow(/input.idempotencyKey/);
  });
});
