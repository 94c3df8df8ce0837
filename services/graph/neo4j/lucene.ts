/**
 * The Lucene query for Neo4j's full-text index, from the same normalised terms SQLite searches:
 * any term may match (OR), title matches weigh ten times, and a Latin word carries a fuzzy marker
 * within its typo budget, so misspellings still match.
 */
import { terms, typoBudget } from '../search/text.js';

export function luceneQuery(text: string): string | undefined {
  const clauses = new Set<string>();
  for (const { term, latin } of terms(text)) {
    // Terms are letters and digits only (see text.ts), so quoting cannot break out.
    const budget = latin ? typoBudget(term) : 0;
    const value = budget > 0 ? `${term}~${budget}` : `"${term}"`;
    clauses.add(`searchTitle:${value}^10`);
    clauses.add(`searchBody:${value}`);
  }
  return clauses.size ? [...clauses].join(' OR ') : undefined;
}
