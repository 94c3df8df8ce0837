/**
 * Full-text search on FTS5. Candidates come in tiers so that finding them stays cheap at any size:
 * 1. records holding every term (AND), best by BM25 (titles weigh ten times the body);
 * 2. only when that finds fewer than the pool: records holding any term (OR), leaving out terms found
 *    in more than a tenth of all records when rarer ones exist (they rank nothing and would make the
 *    sort touch most of the index).
 * The candidates are then put in their final order by services/graph/search/rank.ts, as Neo4j's are.
 * A Latin word the index does not know is replaced by the nearest indexed word within its typo
 * budget, so a misspelt word still finds its record where the rest of the query agrees.
 */
import type Database from 'better-sqlite3';
import { SEARCHABLE, type SearchableLabel } from '../../../schema/domain/queryable.js';
import { Statements } from '../../shared/sqlite-statements.js';
import type { SearchHit, SearchQuery } from '../graph-store.port.js';
import { candidatePool, rankCandidates, type SearchCandidate } from '../search/rank.js';
import { editDistance, type Term, terms, typoBudget } from '../search/text.js';

const COMMON_SHARE = 0.1;
/** Below this many records every match is cheap to rank, so no term is left out. */
const PRUNE_FROM = 10_000;

export function kindToken(label: SearchableLabel): string {
  return `k${label.toLowerCase()}`;
}

const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;

/** How stale the typo-correction vocabulary may get after writes (loading it scans the whole index). */
const VOCABULARY_MAX_AGE_MS = 60_000;

export class SqliteSearch {
  private vocabulary: Map<number, { word: string; docs: number }[]> | undefined;
  private vocabularyLoadedAt = 0;
  private written = false;
  private documents: number | undefined;

  constructor(
    db: Database.Database,
    private readonly sql: Statements = new Statements(db),
    private readonly now: () => number = Date.now,
  ) {}

  /** Called after a write: the document count is recounted; the vocabulary is reloaded once it is old. */
  invalidate(): void {
    this.documents = undefined;
    this.written = true;
  }

  search({ text, labels, first, jurisdictions }: SearchQuery): SearchHit[] {
    const wanted = [...new Set(this.correct(terms(text)))];
    if (wanted.length === 0 || labels.length === 0) return [];
    const kinds = labels.length === 3 ? '' : ` AND kind : (${labels.map(kindToken).join(' OR ')})`;
    const within = jurisdictions?.length ? JSON.stringify(jurisdictions) : null;
    const pool = candidatePool(first);
    const found = this.candidates(`(${wanted.map(quote).join(' AND ')})${kinds}`, pool, within);
    const informative = found.length >= pool || wanted.length === 1 ? [] : this.withoutCommon(wanted);
    if (informative.length > 0) {
      const seen = new Set(found.map((h) => h.id));
      const more = this.candidates(`(${informative.map(quote).join(' OR ')})${kinds}`, pool, within);
      found.push(...more.filter((h) => !seen.has(h.id)).slice(0, pool - found.length));
    }
    return rankCandidates(text, found, first);
  }

  /** `within`: a JSON array of jurisdiction ids the records must belong to, or null for all. */
  private candidates(match: string, pool: number, within: string | null): SearchCandidate[] {
    const inJurisdictions = within
      ? `AND rowid IN (SELECT rowid FROM node WHERE label IN (SELECT value FROM json_each(?))
           AND json_extract(data, '$.jurisdiction') IN (SELECT value FROM json_each(?)))`
      : '';
    const params = within ? [match, JSON.stringify(SEARCHABLE), within, pool] : [match, pool];
    return this.sql
      .get(
        `SELECT n.label AS label, n.id AS id, -f.rank AS score, f.title AS title, f.body AS body
         FROM (SELECT rowid, rank, title, body FROM search_fts WHERE search_fts MATCH ? ${inJurisdictions}
               ORDER BY rank LIMIT ?) AS f
         JOIN node n ON n.rowid = f.rowid`,
      )
      .all(...params) as SearchCandidate[];
  }

  /** The query's indexed terms, without the ones most records hold when rarer ones remain. */
  private withoutCommon(wanted: string[]): string[] {
    const docs = this.sql.get('SELECT doc FROM search_vocab WHERE term = ?').pluck();
    const known = wanted
      .map((term) => ({ term, docs: (docs.get(term) as number | undefined) ?? 0 }))
      .filter((t) => t.docs > 0);
    const total = this.documentCount();
    if (total < PRUNE_FROM) return known.map((t) => t.term);
    const rare = known.filter((t) => t.docs <= total * COMMON_SHARE);
    return (rare.length > 0 ? rare : known).map((t) => t.term);
  }

  /** Counted on the node table's index: a count(*) on the FTS table reads the whole index. */
  private documentCount(): number {
    this.documents ??= this.sql
      .get('SELECT count(*) FROM node WHERE label IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(JSON.stringify(SEARCHABLE)) as number;
    return this.documents;
  }

  private correct(query: Term[]): string[] {
    const known = this.sql.get('SELECT 1 FROM search_vocab WHERE term = ?').pluck();
    return query.map(({ term, latin }) => {
      const budget = typoBudget(term);
      if (!latin || budget === 0 || known.get(term)) return term;
      return this.nearest(term, budget) ?? term;
    });
  }

  private nearest(term: string, budget: number): string | undefined {
    if (!this.vocabulary || (this.written && this.now() - this.vocabularyLoadedAt > VOCABULARY_MAX_AGE_MS)) {
      this.vocabulary = this.loadVocabulary();
      this.vocabularyLoadedAt = this.now();
      this.written = false;
    }
    let best: { word: string; distance: number; docs: number } | undefined;
    for (let len = term.length - budget; len <= term.length + budget; len++) {
      for (const { word, docs } of this.vocabulary.get(len) ?? []) {
        const distance = editDistance(term, word, budget);
        if (distance > budget) continue;
        if (!best || distance < best.distance || (distance === best.distance && docs > best.docs)) {
          best = { word, distance, docs };
        }
      }
    }
    return best?.word;
  }

  private loadVocabulary(): Map<number, { word: string; docs: number }[]> {
    const byLength = new Map<number, { word: string; docs: number }[]>();
    const rows = this.sql.get("SELECT term, doc FROM search_vocab WHERE term GLOB '[a-z]*'").all() as {
      term: string;
      doc: number;
    }[];
    for (const { term, doc } of rows) {
      const list = byLength.get(term.length) ?? [];
      list.push({ word: term, docs: doc });
      byLength.set(term.length, list);
    }
    return byLength;
  }
}
