/**
 * The final order of search hits, one rule for every graph adapter: each engine finds candidates
 * (BM25 in FTS5, Lucene in Neo4j) and hands their indexed title and body here, so both answer alike.
 *
 * The record a query names comes first. In order of weight:
 * 1. how well the title matches: the query names the title (every term in it, and most of the
 *    title's own terms in the query's script) > every term in the title > at least half of them >
 *    a body match only;
 * 2. at equal title match, services, then practices, then announcements: an announcement about a
 *    service or a practice follows it, and a practice (how a service was built) follows the service;
 * 3. the share of the query's terms found anywhere in the record, then how much of the title the
 *    query covers, then the engine's own score.
 * A Latin word in the query matches a title word within its typo budget (transpositions count once)
 * or when both share a stem (four letters or more, at most two more each), so "drivng licnce direct
 * isue" still names "driving licence direct issue".
 */
import type { SearchableLabel } from '../../../schema/domain/queryable.js';
import type { SearchHit } from '../graph-store.port.js';
import { type Term, terms, typoBudget } from './text.js';

export interface SearchCandidate {
  readonly label: SearchableLabel;
  readonly id: string;
  /** The engine's relevance: the last tie-break. */
  readonly score: number;
  /** The indexed title and body (`indexText`): terms separated by spaces. */
  readonly title: string;
  readonly body: string;
}

/** How many candidates an engine should hand over for `first` hits: enough to reorder the top. */
export function candidatePool(first: number): number {
  return Math.min(Math.max(first * 3, 50), 150);
}

const KIND_ORDER: Record<SearchableLabel, number> = { Service: 2, Practice: 1, Announcement: 0 };
/** Share of the title's own terms (in the query's script) the query must name to count as naming it. */
const NAMES_TITLE = 0.6;

const isLatin = (t: string) => /^[a-z0-9]/.test(t);

/** Edit distance with adjacent transpositions (optimal string alignment), exact for short words. */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function sharedStem(a: string, b: string): boolean {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  return p >= 4 && a.length - p <= 2 && b.length - p <= 2;
}

/**
 * Stemming shortens a misspelt word ("isue" to "isu"), so a three-letter stem gets one edit against a
 * title word with the same first letter.
 */
function titleBudget(term: string, word: string): number {
  return Math.max(typoBudget(term), term.length === 3 && term[0] === word[0] ? 1 : 0);
}

function nearWord(q: Term, word: string): boolean {
  if (q.term === word) return true;
  if (!q.latin || !isLatin(word) || q.term.length < 3 || word.length < 3) return false;
  const budget = titleBudget(q.term, word);
  if (Math.abs(q.term.length - word.length) <= budget && typoDistance(q.term, word) <= budget) return true;
  return sharedStem(q.term, word);
}

interface Judged {
  readonly candidate: SearchCandidate;
  readonly titleTier: number;
  readonly coverage: number;
  readonly precision: number;
}

function judge(query: readonly Term[], c: SearchCandidate): Judged {
  const title = [...new Set(c.title.split(' ').filter(Boolean))];
  const body = new Set(c.body.split(' '));
  const inTitle = query.filter((q) => title.some((w) => nearWord(q, w)));
  const anywhere = query.filter((q) => inTitle.includes(q) || body.has(q.term)).length;
  // Precision in the query's own script: a Chinese query is not asked to name the English title.
  const scripts = new Set(query.map((q) => q.latin));
  const ownScript = title.filter((w) => scripts.has(isLatin(w)));
  const named = ownScript.filter((w) => inTitle.some((q) => nearWord(q, w))).length;
  const share = inTitle.length / query.length;
  const precision = ownScript.length === 0 ? 0 : named / ownScript.length;
  const titleTier = share === 1 ? (precision >= NAMES_TITLE ? 3 : 2) : share >= 0.5 ? 1 : 0;
  return { candidate: c, titleTier, coverage: anywhere / query.length, precision };
}

/** The candidates in final order, `first` of them, each score higher than the next one's. */
export function rankCandidates(text: string, candidates: readonly SearchCandidate[], first: number): SearchHit[] {
  const seen = new Set<string>();
  const query = terms(text).filter((t) => !seen.has(t.term) && seen.add(t.term));
  if (query.length === 0) return [];
  const top = Math.max(...candidates.map((c) => c.score), 0) + 1;
  // Each part stays below the next heavier part's step, so the sum orders as the rule above reads.
  return candidates
    .map((c) => judge(query, c))
    .map(({ candidate, titleTier, coverage, precision }) => ({
      label: candidate.label,
      id: candidate.id,
      score: titleTier * 100 + KIND_ORDER[candidate.label] * 20 + coverage * 10 + precision * 5 + candidate.score / top,
    }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, first);
}
