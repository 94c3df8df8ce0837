import type { Practice } from '../../schema/domain/index.js';

/** A minimal valid practice (HK, hk-td), for tests that need many of them. */
export function practiceFixture(id: string, extra: Partial<Practice> = {}): Practice {
  const text = { en: `Practice ${id}`, zhHant: `並行做法 ${id}`, zhHans: `并行做法 ${id}` };
  return {
    id,
    title: text,
    summary: text,
    problem: text,
    approach: text,
    results: text,
    lessons: text,
    jurisdiction: 'HK',
    agency: 'hk-td',
    topics: [],
    adoptedBy: [],
    relatedServices: [],
    inspiredBy: [],
    outcomes: [],
    publishedAt: '2026-01-01',
    sourceUrl: null,
    synthetic: true,
    ...extra,
  };
}
