/** How a canonical record becomes Neo4j node properties: the whole record as JSON, plus the filterable and searchable fields as properties. */
import type { NodeLabel, NodeOf } from '../../../schema/domain/index.js';
import { FILTERABLE, isSearchable, searchDocument } from '../../../schema/domain/queryable.js';
import { indexText } from '../search/text.js';

export type Props = Record<string, string | boolean | string[] | null>;

export function nodeProperties(
  label: NodeLabel,
  record: NodeOf<NodeLabel>,
): { id: string; data: string; props: Props } {
  const data = JSON.stringify(record);
  const props: Props = { id: record.id, data };
  for (const field of Object.keys(FILTERABLE[label])) {
    const value = (record as unknown as Record<string, unknown>)[field];
    props[field] = (value ?? null) as Props[string];
  }
  if (isSearchable(label)) {
    // A record the public may not find (a withdrawn announcement) has no search text: the full-text
    // index leaves out a node without it, and `SET n = props` drops what it had.
    const doc = searchDocument(label, record as NodeOf<typeof label>);
    if (doc) {
      props.searchTitle = indexText(doc.title);
      props.searchBody = indexText(doc.body);
    }
  }
  return { id: record.id, data, props };
}
