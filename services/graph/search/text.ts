/**
 * Search text normalisation shared by every graph adapter, so that SQLite's FTS5 and Neo4j's
 * full-text index see the same terms:
 * - Traditional (Hong Kong usage) and Simplified Chinese fold to Simplified (OpenCC), so a query in
 *   one script finds a record written in the other;
 * - CJK runs become overlapping character bigrams, so two-character words are found (a trigram
 *   index alone misses them);
 * - English is case-folded, stop words dropped and words stemmed (Porter), so "licences" finds
 *   "licence".
 */
import { stemmer } from 'stemmer';
import { toSimplified } from '../../../schema/script-conversion.js';

const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from has have how i in is it its me my of on or our so that the their them there these they this to was we what when where which who why will with you your'.split(
    ' ',
  ),
);

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

export interface Term {
  /** The indexed form: a stem, a CJK bigram or a lone CJK character. */
  readonly term: string;
  /** True for Latin-script words, the only ones typo correction applies to. */
  readonly latin: boolean;
}

export function simplify(text: string): string {
  return toSimplified(text.normalize('NFKC'));
}

/** The terms of a text, in order, duplicates kept (FTS ranks by frequency). */
export function terms(text: string): Term[] {
  const out: Term[] = [];
  for (const run of simplify(text).toLowerCase().match(RUNS) ?? []) {
    if (CJK.test(run)) {
      if (run.length === 1) out.push({ term: run, latin: false });
      for (let i = 0; i + 1 < run.length; i++) out.push({ term: run.slice(i, i + 2), latin: false });
    } else if (!STOP_WORDS.has(run)) {
      out.push({ term: /^\p{N}+$/u.test(run) ? run : stemmer(run), latin: true });
    }
  }
  return out;
}

/**
 * Recently indexed texts. An update usually leaves most of a record's text as it was (a new status, a
 * new title), and folding long Chinese text through OpenCC is most of the cost of writing a record.
 */
const indexed = new Map<string, string>();
const INDEX_CACHE = 2000;

/** The text as an FTS document: its terms separated by spaces. */
export function indexText(text: string): string {
  const known = indexed.get(text);
  if (known !== undefined) return known;
  const document = terms(text)
    .map((t) => t.term)
    .join(' ');
  if (indexed.size >= INDEX_CACHE) indexed.delete(indexed.keys().next().value as string);
  indexed.set(text, document);
  return document;
}

export type Script = 'en' | 'zhHant' | 'zhHans';

/** The script a question is written in: Chinese that OpenCC changes is Traditional. */
export function detectScript(text: string): Script {
  const cjk = [...text].filter((c) => CJK.test(c)).join('');
  if (cjk.length === 0) return 'en';
  return simplify(cjk) === cjk ? 'zhHans' : 'zhHant';
}

/** Damerau-free Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** How many edits a word of this length may carry and still count as a typo of another. */
export function typoBudget(term: string): number {
  return term.length >= 7 ? 2 : term.length >= 4 ? 1 : 0;
}
