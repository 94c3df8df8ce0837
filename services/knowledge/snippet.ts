/** A short excerpt of a record's text around the first place a query word appears, in the reader's script. */
import { simplify } from '../graph/search/text.js';

const WIDTH = 160;

export function snippet(text: string, query: string): string {
  const haystack = simplify(text).toLowerCase();
  const needles = simplify(query)
    .toLowerCase()
    .split(/[\s,.;:!?，。；：！？、]+/u)
    .flatMap((w) => (/^[\p{Script=Han}]+$/u.test(w) && w.length > 2 ? [w, ...bigrams(w)] : [w]))
    .filter((w) => w.length >= 2);
  // Simplification keeps length for nearly all text; where it does not, start at the beginning.
  const at =
    haystack.length === text.length ? Math.min(...needles.map((n) => haystack.indexOf(n)).filter((i) => i >= 0)) : 0;
  const start = Number.isFinite(at) ? Math.max(0, at - 40) : 0;
  const excerpt = text.slice(start, start + WIDTH).trim();
  return `${start > 0 ? '…' : ''}${excerpt}${start + WIDTH < text.length ? '…' : ''}`;
}

function bigrams(word: string): string[] {
  return Array.from({ length: word.length - 1 }, (_, i) => word.slice(i, i + 2));
}
