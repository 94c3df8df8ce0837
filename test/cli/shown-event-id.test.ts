/**
 * An id as gba's outcome lines show it stays one column: a tester sent an event with id `x  applied`,
 * and `gba dlq replay` printed `  x  applied  rejected SOURCE_TYPE_MISMATCH`, whose second column a
 * script reads as "applied".
 */
import { describe, expect, it } from 'vitest';
import { shownEventId } from '../../services/cli/shown.js';

describe('shownEventId', () => {
  it.each([
    ['a plain id, as it is', 'evt-1', 'evt-1'],
    ['no id', null, '(no id)'],
    ['two spaces, quoted and escaped', 'x  applied', '"x\\u0020\\u0020applied"'],
    ['a tab and a no-break space', 'a\tb\u00a0c', '"a\\u0009b\\u00a0c"'],
    ['a quote and a backslash', 'say "hi" \\o', '"say\\u0020\\"hi\\"\\u0020\\\\o"'],
  ])('%s', (_name, id, shown) => {
    expect(shownEventId(id)).toBe(shown);
    // One column: no whitespace inside (only the word for a missing id has its space).
    if (id !== null) expect(shownEventId(id)).not.toMatch(/\s/);
  });
});
