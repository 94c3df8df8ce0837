/**
 * The fields each label can be filtered on, and the searchable labels with the text they are found
 * by. Adapters accept no other field names (so none reaches a query string unchecked) and index
 * exactly these.
 */
import type { NodeLabel, NodeOf } from './index.js';

export type FieldKind = 'scalar' | 'list' | 'boolean';

export const FILTERABLE = {
  Jurisdiction: {},
  Agency: { jurisdiction: 'scalar' },
  Topic: {},
  Service: {
    jurisdiction: 'scalar',
    agency: 'scalar',
    topics: 'list',
    channels: 'list',
    crossBoundary: 'boolean',
    zeroRedirection: 'boolean',
    paperless: 'boolean',
    faceToFaceRequired: 'boolean',
    updatedAt: 'scalar',
  },
  Practice: {
    jurisdiction: 'scalar',
    agency: 'scalar',
    topics: 'list',
    adoptedBy: 'list',
    relatedServices: 'list',
    publishedAt: 'scalar',
    updatedAt: 'scalar',
  },
  Person: {},
  Case: {
    handlingJurisdiction: 'scalar',
    originJurisdiction: 'scalar',
    service: 'scalar',
    status: 'scalar',
    person: 'scalar',
  },
  Consent: { subject: 'scalar', recipient: 'scalar', case: 'scalar' },
  ConsentRequest: { subject: 'scalar', requesterAgency: 'scalar', state: 'scalar', case: 'scalar' },
  Announcement: {
    jurisdiction: 'scalar',
    agency: 'scalar',
    importance: 'scalar',
    kind: 'scalar',
    relatedServices: 'list',
    publishedAt: 'scalar',
  },
  PracticeDraft: { agency: 'scalar', open: 'boolean' },
  PracticeVersion: { practice: 'scalar' },
  Adoption: { practice: 'scalar', jurisdiction: 'scalar', practiceJurisdiction: 'scalar', recordedAt: 'scalar' },
  Question: { practice: 'scalar', ownerJurisdiction: 'scalar', updatedAt: 'scalar' },
  // Looked up by id only: the id is the digest of sender, mutation and key.
  WriteRequest: {},
} as const satisfies Record<NodeLabel, Record<string, FieldKind>>;

export type FilterField<L extends NodeLabel> = L extends NodeLabel ? keyof (typeof FILTERABLE)[L] & string : never;

export function fieldKind(label: NodeLabel, field: string): FieldKind | undefined {
  return (FILTERABLE[label] as Record<string, FieldKind>)[field];
}

export const SEARCHABLE = ['Service', 'Practice', 'Announcement'] as const;
export type SearchableLabel = (typeof SEARCHABLE)[number];

/** Title and body text of a searchable record, every script of each. */
/**
 * Title and body text of a searchable record, every script of each; null for a record the public may no
 * longer find: a withdrawn announcement (found by a tester: withdrawn, it left `announcements` and
 * `latestChanges` but `search` still ranked it first and `ask` answered from it and cited it). Adapters
 * index nothing for it, so no search (the public `search`, the assistant's candidates) meets it.
 */
export function searchDocument(
  label: SearchableLabel,
  record: NodeOf<SearchableLabel>,
): { title: string; body: string } | null {
  const all = (t: { en: string; zhHant: string; zhHans: string }) => `${t.en} ${t.zhHant} ${t.zhHans}`;
  switch (label) {
    case 'Service': {
      const s = record as NodeOf<'Service'>;
      return { title: all(s.title), body: [s.summary, s.eligibility, ...s.steps].map(all).join(' ') };
    }
    case 'Practice': {
      const p = record as NodeOf<'Practice'>;
      return { title: all(p.title), body: [p.summary, p.problem, p.approach, p.results, p.lessons].map(all).join(' ') };
    }
    case 'Announcement': {
      const a = record as NodeOf<'Announcement'>;
      if (a.withdrawnAt) return null;
      return { title: all(a.title), body: all(a.body) };
    }
  }
}

export function isSearchable(label: NodeLabel): label is SearchableLabel {
  return (SEARCHABLE as readonly string[]).includes(label);
}
