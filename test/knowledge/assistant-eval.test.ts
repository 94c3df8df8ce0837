/**
 * A fast subset of `npm run eval:assistant`, as assertions: the dev split meets the targets in every
 * script, and the near misses that once got confident wrong answers are declined with the closest
 * records offered. (The test split is written blind and only scored by the eval itself, run once.)
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf } from '../../bench/assistant-batches.js';
import {
  ask,
  batchTable,
  loadQuestions,
  malformed,
  type Row,
  score,
  TARGETS,
  table,
  verdict,
} from '../../bench/assistant-eval.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
let rows: Row[];
// Asking all ~500 dev questions takes several seconds, a minute or more on a loaded machine.
beforeAll(async () => {
  await store.init();
  await seedGraph(store);
  rows = await ask(store, loadQuestions('dev'));
}, 300_000);
afterAll(async () => {
  await store.close();
  dir.remove();
});

/** The batches written blind and moved in from the test split, oldest first. */
const BLIND_BATCHES = [
  'blind',
  'blind3',
  'blind4',
  'blind5',
  'blind6',
  'blind7',
  'blind8',
  'blind9',
  'blind10',
  'blind11',
];

describe('the assistant on the dev questions', () => {
  it('has at least 150 questions across both splits, about a third out of scope, each script present', () => {
    const all = [...loadQuestions('dev'), ...loadQuestions('test')];
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(all.filter((q) => q.cite.length === 0).length / all.length).toBeGreaterThanOrEqual(0.3);
    for (const lang of ['en', 'zhHant', 'zhHans'])
      expect(all.filter((q) => q.lang === lang).length).toBeGreaterThanOrEqual(45);
  });

  it('says a split without questions has none, rather than scoring it perfect', () => {
    expect(table('test', [])).toEqual(['\n## test split', 'test split: no questions, targets not judged']);
    expect(table('dev', [])).toEqual(['\n## dev split', 'dev split: no questions']);
  });

  it('judges the targets on test only with questions in every script, naming what falls short', () => {
    expect(verdict([])).toEqual({ met: false, lines: ['test split: no questions, targets not judged'] });
    const right = (id: string, lang: Row['q']['lang']): Row => ({
      q: { id, lang, question: id, cite: ['svc-a'] },
      known: true,
      got: ['svc-a'],
      rank: 1,
    });
    const three = [right('t-en', 'en'), right('t-hant', 'zhHant'), right('t-hans', 'zhHans')];
    expect(verdict(three).met).toBe(true);
    expect(verdict(three.slice(0, 2))).toEqual({
      met: false,
      lines: ['targets on test: NOT met', '- zhHans: no questions, not judged'],
    });
    const wrong: Row = { q: { id: 'x', lang: 'en', question: 'x', cite: [] }, known: true, got: ['svc-a'], rank: 0 };
    const v = verdict([...three, wrong]);
    expect(v.met).toBe(false);
    expect(v.lines[1]).toBe('- en: precision of known:true 0.50 < 0.95, recall of not covered 0.00 < 0.9');
  });

  it.each([
    [{ id: 't4-en-01', lang: 'en', question: 'q', cite: [] }, undefined],
    [{ id: 't4-en-02', lang: 'fr', question: 'q', cite: [] }, 't4-en-02: lang must be one of en, zhHant, zhHans'],
    [{ id: 't4-en-03', lang: 'en', question: ' ', cite: [] }, 't4-en-03: question must be a non-empty string'],
    [
      { id: 't4-en-04', lang: 'en', question: 'q' },
      't4-en-04: cite must be a list of record ids ([] when out of scope)',
    ],
    [{ lang: 'en', question: 'q', cite: [] }, 'id: a non-empty string is required'],
  ])('checks a question file entry %j', (entry, why) => {
    expect(malformed(entry)).toBe(why);
  });

  it('draws its fast subset from dev, which holds every batch seen so far', () => {
    const batches = new Set(loadQuestions('dev').map(batchOf));
    for (const batch of BLIND_BATCHES) expect(batches).toContain(batch);
    for (const batch of ['early', 'nov-dev', 'dev3']) expect(batches).toContain(batch);
    expect(rows.length).toBe(loadQuestions('dev').length);
  });

  it.each([
    ['old-07', 'early'],
    ['en-33', 'nov-dev'],
    ['zhHans-42', 'nov-test'],
    ['dev3-11', 'dev3'],
    ['blind-zhHant-14', 'blind'],
    ['t3-zhHans-07', 'blind3'],
    ['t4-zhHant-35', 'blind4'],
    ['t5-en-02', 'blind5'],
    ['t6-zhHant-33', 'blind6'],
    ['t7-zhHans-12', 'blind7'],
    ['t8-en-02', 'blind8'],
    ['t9-zhHant-07', 'blind9'],
    ['t10-zhHans-41', 'blind10'],
    ['t11-en-01', 'blind11'],
    ['t1-en-01', 'other'],
    ['someone-else-1', 'other'],
  ])('files question %s under the batch %s', (id, batch) => {
    expect(batchOf({ id })).toBe(batch);
  });

  it('scores each dev batch apart, and a held-out one also by script', () => {
    const lines = batchTable('dev', rows, 'blind');
    expect(lines[0]).toBe('\n## dev split by batch (blind held out: scored, misses not shown)');
    for (const batch of ['early', 'nov-dev', 'nov-test', 'dev3', 'dev4', 'blind (held out)', ...BLIND_BATCHES.slice(1)])
      expect(lines.some((l) => l.startsWith(`| ${batch} |`))).toBe(true);
    expect(lines).toContain('blind, held out, by script:');
  });

  const meetsTargets = (of: readonly Row[]) => {
    const s = score(of);
    expect(s.hitAt3).toBeGreaterThanOrEqual(TARGETS.hitAt3);
    expect(s.knownPrecision).toBeGreaterThanOrEqual(TARGETS.knownPrecision);
    expect(s.outOfScopeRecall).toBeGreaterThanOrEqual(TARGETS.outOfScopeRecall);
  };

  /**
   * Batches moved in from a blind test that dev's scripts do not yet meet the targets with: scored by
   * the eval, not asserted. `blind6`, tuned on once (2026-12-02): with it English precision is 0.93.
   * `blind7`, moved in from the test split on 2026-12-02 and tuned on once (the sixth round).
   * `blind8`, moved in from the test split on 2026-12-02 and held out while the seventh round's
   * general rules were developed (docs/assistant.md); short of the targets.
   * `blind9`, moved in from the test split on 2026-12-02 and held out while the eighth round's rules
   * were developed (docs/assistant.md); short of the targets.
   * `blind10`, moved in from the test split on 2026-12-02 and held out while the ninth round's rules
   * were developed (docs/assistant.md); short of the targets.
   * `blind11`, moved in from the test split on 2026-12-02, not tuned on yet.
   */
  const NOT_YET_TUNED: readonly string[] = ['blind6', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11'];

  it.each(['en', 'zhHant', 'zhHans'])('meets the targets in %s', (lang) => {
    meetsTargets(rows.filter((r) => r.q.lang === lang && !NOT_YET_TUNED.includes(batchOf(r.q))));
  });

  // `blind` meets them since the contest between kinds of record (2026-12-02: 0.97 precision). Not
  // `blind5` nor `blind6`, short of the targets after their rounds (0.87 and 0.80 precision; their
  // misses left are named in docs/assistant.md).
  it.each(['early', 'nov-dev', 'nov-test', 'dev3', 'dev4', 'blind', 'blind3', 'blind4'])(
    'meets the targets on the batch %s',
    (batch) => {
      meetsTargets(rows.filter((r) => batchOf(r.q) === batch));
    },
  );

  it('writes out the five worst misses of each script, worst first, and names the rest', () => {
    const row = (id: string, cite: string[], known: boolean, rank: number): Row => ({
      q: { id, lang: 'en', question: `question ${id}`, cite },
      known,
      got: ['svc-a', 'svc-b', 'svc-c'],
      rank,
    });
    const lines = table('dev', [
      row('suggested-2nd', ['svc-b'], false, 2),
      row('right', ['svc-a'], true, 1),
      row('none-in-3', ['svc-x'], false, 0),
      row('answered-uncovered', [], true, 0),
      row('suggested-1st', ['svc-a'], false, 1),
      row('wrong-first', ['svc-b'], true, 2),
      row('declined-uncovered', [], false, 0),
      row('suggested-3rd', ['svc-c'], false, 3),
      { ...row('zh-miss', [], true, 0), q: { id: 'zh-miss', lang: 'zhHans', question: '问题', cite: [] } },
    ]);
    const en = lines.slice(lines.indexOf('dev, en: 6 misses, the 5 worst in full:') + 1);
    expect(en.slice(0, 5).map((l) => l.split(' ')[1])).toEqual([
      'answered-uncovered',
      'wrong-first',
      'none-in-3',
      'suggested-3rd',
      'suggested-2nd',
    ]);
    expect(en[5]).toBe('- and suggested-1st');
    expect(lines).toContain('dev, zhHant: no misses');
    expect(lines).toContain('dev, zhHans: 1 miss, worst first:');
  });

  it.each([
    ['前海註冊公司', 'svc-hk-cbps-kiosk-sz'],
    ['个税超过香港税负部分补贴', 'svc-hk-gba-sc-filing'],
    ['高才通签证', 'svc-gd-home-return-permit'],
    ['How do I pay my Hong Kong salaries tax?', 'svc-gz-nansha-self-service'],
  ])('declines "%s" instead of answering from %s, offering the closest records', async (question, wrong) => {
    const a = await answer(store, question, { today: new Date('2026-04-01T00:00:00+08:00') });
    expect(a.known).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.suggestions.length).toBeGreaterThan(0);
    expect(a.text).toContain(a.suggestions[0]?.title);
    expect(a.suggestions.map((s) => s.id)).not.toEqual([wrong]);
    expect(a.text).toMatch(/^(I could not find|大灣區服務平台的紀錄中未有|大湾区服务平台的记录中没有)/);
  });
});
