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

/** A resident's grant (p-0004's) of their contact details on case-0001, from gd-psd to hk-td. */
export const contactForHkTd = {
  controller: 'gd-psd',
  recipient: 'hk-td',
  purpose: 'licence-conversion',
  dataCategories: ['CONTACT'],
  expiresAt: '2026-12-31T23:59:59+08:00',
  case: 'case-0001',
};
