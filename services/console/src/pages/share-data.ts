import type { LocalizedText } from '../i18n';

const LT = '{ en zhHant zhHans }';
const FIELDS = `id title ${LT} summary ${LT} problem ${LT} approach ${LT} results ${LT} lessons ${LT} topics { id } inspiredBy { id } relatedServices { id } sourceUrl version state`;

export const LOAD = `query Load($id: ID!, $edit: Boolean!) {
  practice(id: $id) @include(if: $edit) { ${FIELDS} }
  practiceDrafts { ${FIELDS} }
}`;
export const LATEST = `query Latest($id: ID!) { practice(id: $id) { ${FIELDS} } }`;
export const SHARE =
  'mutation Share($input: SharePracticeInput!) { sharePractice(input: $input) { id state version } }';

export const TEXT_FIELDS = ['title', 'summary', 'problem', 'approach', 'results', 'lessons'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface Draft extends Record<TextField, LocalizedText> {
  id: string | null;
  topics: string[];
  inspiredBy: string[];
  relatedServices: string[];
  sourceUrl: string;
  /** The published version the edit started from; null for a new practice or an unpublished draft. */
  baseVersion: number | null;
}

export interface Loaded extends Record<TextField, LocalizedText> {
  id: string;
  topics: { id: string }[];
  inspiredBy: { id: string }[];
  relatedServices: { id: string }[];
  sourceUrl: string | null;
  version: number;
  state: string;
}

const EMPTY = { en: '', zhHant: '', zhHans: '' };

export function emptyDraft(): Draft {
  return {
    id: null,
    title: EMPTY,
    summary: EMPTY,
    problem: EMPTY,
    approach: EMPTY,
    results: EMPTY,
    lessons: EMPTY,
    topics: [],
    inspiredBy: [],
    relatedServices: [],
    sourceUrl: '',
    baseVersion: null,
  };
}

export function draftOf(p: Loaded): Draft {
  return {
    id: p.id,
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, p[f]])),
    topics: p.topics.map((t) => t.id),
    inspiredBy: p.inspiredBy.map((x) => x.id),
    relatedServices: p.relatedServices.map((x) => x.id),
    sourceUrl: p.sourceUrl ?? '',
    baseVersion: p.state === 'PUBLISHED' ? p.version : null,
  } as Draft;
}

export function inputOf(d: Draft, state: 'DRAFT' | 'PUBLISHED'): Record<string, unknown> {
  return {
    ...(d.id ? { id: d.id } : {}),
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, d[f]])),
    topics: d.topics,
    inspiredBy: d.inspiredBy,
    relatedServices: d.relatedServices,
    ...(d.sourceUrl ? { sourceUrl: d.sourceUrl } : {}),
    state,
    ...(d.baseVersion !== null ? { expectedVersion: d.baseVersion } : {}),
  };
}
