/** Translates the port's predicates into SQL over the JSON documents; field names are checked, values bound. */
import type { NodeLabel } from '../../../schema/domain/index.js';
import { fieldKind } from '../../../schema/domain/queryable.js';
import type { Predicate } from '../graph-store.port.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

function jsonPath(label: NodeLabel, field: string): string {
  if (!fieldKind(label, field) || !/^[A-Za-z]+$/.test(field)) {
    throw new Error(`${label}.${field} is not a filterable field (schema/domain/queryable.ts)`);
  }
  return `'$.${field}'`;
}

export function predicateSql(label: NodeLabel, predicate: Predicate): SqlFragment {
  const path = jsonPath(label, predicate.field);
  switch (predicate.op) {
    case 'in':
      // A bound list (not json_each) lets SQLite use the expression indexes on the field.
      if (predicate.values.length === 0) return { sql: '0', params: [] };
      return {
        sql: `json_extract(data, ${path}) IN (${predicate.values.map(() => '?').join(', ')})`,
        params: [...predicate.values],
      };
    case 'containsAny':
      return {
        sql: `EXISTS (SELECT 1 FROM json_each(data, ${path}) AS item WHERE item.value IN (SELECT value FROM json_each(?)))`,
        params: [JSON.stringify(predicate.values)],
      };
    case 'eq':
      return { sql: `json_extract(data, ${path}) = ?`, params: [predicate.value ? 1 : 0] };
    case 'gte':
      return { sql: `json_extract(data, ${path}) >= ?`, params: [predicate.value] };
  }
}

export function whereSql(label: NodeLabel, predicates: readonly Predicate[]): SqlFragment {
  const parts = predicates.map((p) => predicateSql(label, p));
  return {
    sql: ['label = ?', ...parts.map((p) => p.sql)].join(' AND '),
    params: [label, ...parts.flatMap((p) => p.params)],
  };
}
