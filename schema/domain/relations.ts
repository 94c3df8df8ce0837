/**
 * The graph's relationships, derived from the reference fields of the canonical records. Both graph
 * adapters build their edges from this one table, so SQLite and Neo4j hold the same graph.
 */
import type { NodeLabel } from './index.js';

export interface RelationSpec {
  /** Relationship type, as Neo4j spells it. */
  readonly type: string;
  readonly from: NodeLabel;
  /** The record field holding the target id (a string, a list of strings, or null). */
  readonly field: string;
  readonly to: NodeLabel;
}

export const RELATIONS: readonly RelationSpec[] = [
  { type: 'IN_JURISDICTION', from: 'Agency', field: 'jurisdiction', to: 'Jurisdiction' },
  { type: 'PROVIDED_BY', from: 'Service', field: 'agency', to: 'Agency' },
  { type: 'IN_JURISDICTION', from: 'Service', field: 'jurisdiction', to: 'Jurisdiction' },
  { type: 'ABOUT', from: 'Service', field: 'topics', to: 'Topic' },
  { type: 'SHARED_BY', from: 'Practice', field: 'agency', to: 'Agency' },
  { type: 'IN_JURISDICTION', from: 'Practice', field: 'jurisdiction', to: 'Jurisdiction' },
  { type: 'ABOUT', from: 'Practice', field: 'topics', to: 'Topic' },
  { type: 'ADOPTED_BY', from: 'Practice', field: 'adoptedBy', to: 'Jurisdiction' },
  { type: 'RELATES_TO', from: 'Practice', field: 'relatedServices', to: 'Service' },
  { type: 'INSPIRED_BY', from: 'Practice', field: 'inspiredBy', to: 'Practice' },
  { type: 'FOR_SERVICE', from: 'Case', field: 'service', to: 'Service' },
  { type: 'CONCERNS', from: 'Case', field: 'person', to: 'Person' },
  { type: 'APPLIES', from: 'Case', field: 'practiceApplied', to: 'Practice' },
  { type: 'GRANTED_BY', from: 'Consent', field: 'subject', to: 'Person' },
  { type: 'COVERS_CASE', from: 'Consent', field: 'case', to: 'Case' },
  { type: 'PUBLISHED_BY', from: 'Announcement', field: 'agency', to: 'Agency' },
  { type: 'AFFECTS', from: 'Announcement', field: 'relatedServices', to: 'Service' },
  { type: 'VERSION_OF', from: 'PracticeVersion', field: 'practice', to: 'Practice' },
  { type: 'ADOPTS', from: 'Adoption', field: 'practice', to: 'Practice' },
  { type: 'ADOPTED_IN', from: 'Adoption', field: 'jurisdiction', to: 'Jurisdiction' },
  { type: 'ASKS_ABOUT', from: 'Question', field: 'practice', to: 'Practice' },
];

export interface Edge {
  readonly type: string;
  readonly fromLabel: NodeLabel;
  readonly from: string;
  readonly toLabel: NodeLabel;
  readonly to: string;
}

export function relationsFrom(label: NodeLabel): readonly RelationSpec[] {
  return RELATIONS.filter((r) => r.from === label);
}

/** The outgoing edges of one record, in field order, without duplicates. */
export function edgesOf(label: NodeLabel, record: { id: string } & Record<string, unknown>): Edge[] {
  const edges: Edge[] = [];
  for (const rel of relationsFrom(label)) {
    const value = record[rel.field];
    const targets = Array.isArray(value) ? value : value == null ? [] : [value];
    for (const to of new Set(targets as string[])) {
      edges.push({ type: rel.type, fromLabel: label, from: record.id, toLabel: rel.to, to });
    }
  }
  return edges;
}
