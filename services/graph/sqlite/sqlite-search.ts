/**
 * Full-text search on FTS5: the query's terms (normalised as the documents were) joined with OR and
 * ranked by BM25, titles weighing ten times the body. A Latin word the index does not know is
 * replaced by the nearest indexed word within its typo budget, so a misspelt word still finds its
 * record where the rest of the query agrees.
 */
import type Database from 'better-sqlite3';
import type { SearchHit, SearchQuery } from '../graph-store.port.js';
import { editDistance, type Term, terms, typoBudget } from '../search/text.js';

export class SqliteSearch {
  private vocabulary: Map<number, { word: string; docs: number }[]> | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Forget the cached vocabulary after a write. */
  invalidate(): void {
    this.vocabulary = undefined;
  }

  search({ text, labels, first }: SearchQuery): SearchHit[] {
    const wanted = this.correct(terms(text));
    if (wanted.length === 0 || labels.length === 0) return [];
    const match = [...new Set(wanted)].map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
    const rows = this.db
      .prepare(
        `SELECT n.label AS label, n.id AS id, -bm25(search_fts, 10.0, 1.0) AS score
         FROM search_fts JOIN node n ON n.rowid = search_fts.rowid
         WHERE search_fts MATCH ? AND n.label IN (SELECT value FROM json_each(?))
         ORDER BY bm25(search_fts, 10.0, 1.0), n.id LIMIT ?`,
      )
      .all(match, JSON.stringify(labels), first) as SearchHit[];
    return rows;
  }

  private correct(query: Term[]): string[] {
    const known = this.db.prepare('SELECT 1 FROM search_vocab WHERE term = ?').pluck();
    return query.map(({ term, latin }) => {
      const budget = typoBudget(term);
      if (!latin || budget === 0 || known.get(term)) return term;
      return this.nearest(term, budget) ?? term;
    });
  }

  private nearest(term: string, budget: number): string | undefined {
    this.vocabulary ??= this.loadVocabulary();
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
    const rows = this.db.prepare("SELECT term, doc FROM search_vocab WHERE term GLOB '[a-z]*'").all() as {
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
