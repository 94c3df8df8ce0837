/**
 * The dev split's questions were written in batches, at different times and by different hands, and
 * tuning saw some batches before others. Scoring each batch apart shows how a rule does on questions
 * it was not written for: develop it with a batch held out (`npm run eval:assistant -- dev
 * --hold-out blind`), then read the held-out batch's line before and after.
 */
export const BATCHES = {
  early: 'the first 30 questions (old-*)',
  dev2: '10 written while tuning (dev2-*)',
  'nov-dev': '2026-11, the half first tuned on (odd en/zhHant/zhHans-*)',
  'nov-test': '2026-11, the half first kept as test, touched by a leak (even en/zhHant/zhHans-*)',
  dev3: 'near misses between records sharing words (dev3-*)',
  dev4: 'written before being asked (dev4-*)',
  blind: 'written blind by another hand on 2026-11-30, run once, then tuned on (blind-*)',
  blind3: 'written blind by another hand on 2026-12-01, run once on 2026-12-01 as test, then tuned on (t3-*)',
  blind4: 'written blind by another hand on 2026-12-01, run once on 2026-12-01 as test, then tuned on (t4-*)',
  blind5: 'written blind by another hand on 2026-12-01, run once on 2026-12-01 as test, then tuned on (t5-*)',
  blind6: 'written blind by another hand on 2026-12-01, run once on 2026-12-01 as test, then tuned on (t6-*)',
  blind7: 'written blind by another hand on 2026-12-02, run once on 2026-12-02 as test, then tuned on (t7-*)',
  blind8: 'written blind by another hand on 2026-12-02, run once on 2026-12-02 as test, then tuned on (t8-*)',
  blind9: 'written blind by another hand on 2026-12-02, run once on 2026-12-02 as test, then tuned on (t9-*)',
  blind10: 'written blind by another hand on 2026-12-02, run once on 2026-12-02 as test, then tuned on (t10-*)',
  blind11: 'written blind by another hand on 2026-12-02, run once on 2026-12-02 as test, then tuned on (t11-*)',
} as const;

export type Batch = keyof typeof BATCHES | 'other';

/** Which batch a question came in, read from its id (ids are kept when questions move between files). */
export function batchOf(q: { readonly id: string }): Batch {
  const [, prefix, n] = /^(.*?)-(\d+)$/.exec(q.id) ?? [];
  if (prefix === 'old') return 'early';
  if (prefix === 'dev2' || prefix === 'dev3' || prefix === 'dev4') return prefix;
  if (prefix?.startsWith('blind-')) return 'blind';
  if (prefix?.startsWith('t3-')) return 'blind3';
  if (prefix?.startsWith('t4-')) return 'blind4';
  if (prefix?.startsWith('t5-')) return 'blind5';
  if (prefix?.startsWith('t6-')) return 'blind6';
  if (prefix?.startsWith('t7-')) return 'blind7';
  if (prefix?.startsWith('t8-')) return 'blind8';
  if (prefix?.startsWith('t9-')) return 'blind9';
  if (prefix?.startsWith('t10-')) return 'blind10';
  if (prefix?.startsWith('t11-')) return 'blind11';
  if (prefix === 'en' || prefix === 'zhHant' || prefix === 'zhHans')
    return Number(n) % 2 === 1 ? 'nov-dev' : 'nov-test';
  return 'other';
}

export const isBatch = (name: string): name is Batch => name in BATCHES;
