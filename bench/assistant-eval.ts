/**
 * `npm run eval:assistant`: the assistant against enquiries written for it, kept in two files:
 * bench/assistant-questions.dev.json holds every question anyone tuning has seen (tuned on), in
 * batches (assistant-batches.ts); bench/assistant-questions.test.json is written blind, by someone
 * who never saw the assistant's code nor the dev questions, and run once by the lead: the targets are
 * judged there. Until it is written it is an empty array, and the eval says so: "test split: no
 * questions, targets not judged". When test is run the exit code is the verdict: 0 only when every
 * script has questions and meets the targets.
 * Each question names the records a good answer cites, or none when the records do not cover it.
 * Prints, per split and per script: hit@3 and MRR on in-scope questions, precision and recall of
 * `known: true`, recall of `known: false` on out-of-scope questions, and the misses; for dev, the same
 * per batch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphStore } from '../services/graph/graph-store.port.js';
import { seedGraph } from '../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../services/graph/sqlite/sqlite-graph-store.js';
import { answer } from '../services/knowledge/assistant/answer.js';
import { tempDir } from '../test/support/temp-dir.js';
import { BATCHES, type Batch, batchOf, isBatch } from './assistant-batches.js';

export type Split = 'dev' | 'test';
export type Lang = 'en' | 'zhHant' | 'zhHans';

export interface Question {
  readonly id: string;
  readonly lang: Lang;
  readonly question: string;
  /** The records a good answer cites; empty when the records do not cover the question. */
  readonly cite: readonly string[];
}

export interface Row {
  readonly q: Question;
  readonly known: boolean;
  /** The first three records the answer cites or suggests. */
  readonly got: readonly string[];
  /** 1-based rank of the first right record among `got`, 0 when none. */
  readonly rank: number;
}

export interface Scores {
  readonly inScope: number;
  readonly outOfScope: number;
  readonly hitAt3: number;
  readonly mrr: number;
  /** Share of `known: true` answers whose first citation is a right record. */
  readonly knownPrecision: number;
  /** Share of in-scope questions answered `known: true`. */
  readonly knownRecall: number;
  /** Share of out-of-scope questions answered `known: false`. */
  readonly outOfScopeRecall: number;
}

/** The day the questions are asked on: some announcements are then in force, one not yet. */
export const EVAL_DAY = new Date('2026-04-01T00:00:00+08:00');

const LANGS: readonly string[] = ['en', 'zhHant', 'zhHans'];

/** Why an entry of a question file is not a question, or undefined when it is one. */
export function malformed(q: unknown): string | undefined {
  const e = (q ?? {}) as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id === '') return 'id: a non-empty string is required';
  if (typeof e.lang !== 'string' || !LANGS.includes(e.lang)) return `${e.id}: lang must be one of ${LANGS.join(', ')}`;
  if (typeof e.question !== 'string' || e.question.trim() === '') return `${e.id}: question must be a non-empty string`;
  if (!Array.isArray(e.cite) || e.cite.some((c) => typeof c !== 'string'))
    return `${e.id}: cite must be a list of record ids ([] when out of scope)`;
  return undefined;
}

/** A split's questions, each checked: a bad entry or a repeated id stops the eval, naming it. */
export function loadQuestions(split: Split): Question[] {
  const file = `assistant-questions.${split}.json`;
  const entries: unknown = JSON.parse(readFileSync(join(import.meta.dirname, file), 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${file}: a list of questions is required`);
  const seen = new Set<string>();
  for (const q of entries) {
    const why = malformed(q) ?? (seen.has(q.id) ? `${q.id}: id repeated` : undefined);
    if (why) throw new Error(`${file}: ${why}`);
    seen.add(q.id);
  }
  return entries as Question[];
}

export async function ask(store: GraphStore, questions: readonly Question[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const q of questions) {
    const a = await answer(store, q.question, { today: EVAL_DAY });
    const got = [...a.citations, ...a.suggestions].slice(0, 3).map((c) => c.id);
    rows.push({ q, known: a.known, got, rank: got.findIndex((id) => q.cite.includes(id)) + 1 });
  }
  return rows;
}

const share = (n: number, of: number) => (of === 0 ? 1 : n / of);

export function score(rows: readonly Row[]): Scores {
  const inScope = rows.filter((r) => r.q.cite.length > 0);
  const outOfScope = rows.filter((r) => r.q.cite.length === 0);
  const known = rows.filter((r) => r.known);
  return {
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    hitAt3: share(inScope.filter((r) => r.rank > 0).length, inScope.length),
    mrr: share(
      inScope.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0),
      inScope.length,
    ),
    knownPrecision: share(known.filter((r) => r.rank === 1).length, known.length),
    knownRecall: share(inScope.filter((r) => r.known).length, inScope.length),
    outOfScopeRecall: share(outOfScope.filter((r) => !r.known).length, outOfScope.length),
  };
}

/**
 * How bad a miss is, worst first: a confident answer to what the records do not cover, a confident
 * answer from a wrong record, no right record among the first three, a right record only suggested.
 * 0 is no miss.
 */
export function severity(r: Row): number {
  if (r.q.cite.length === 0) return r.known ? 4 : 0;
  if (r.known && r.rank !== 1) return 3;
  if (r.rank === 0) return 2;
  return r.known ? 0 : 1;
}

/** Further down the list is worse at equal severity: no right record at all is worst. */
const depth = (r: Row) => (r.rank === 0 ? 4 : r.rank);

export const misses = (rows: readonly Row[]): Row[] =>
  rows.filter((r) => severity(r) > 0).sort((a, b) => severity(b) - severity(a) || depth(b) - depth(a));

/** How many misses of each script the table writes out in full, worst first. */
export const WORST = 5;

export const TARGETS = { hitAt3: 0.9, knownPrecision: 0.95, outOfScopeRecall: 0.9 } as const;

const f = (n: number) => n.toFixed(2);

const HEADER = (first: string) => [
  `| ${first} | in scope | out of scope | hit@3 | MRR | precision known:true | recall known:true | recall not covered |`,
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];

const line = (name: string, s: Scores) =>
  `| ${name} | ${s.inScope} | ${s.outOfScope} | ${f(s.hitAt3)} | ${f(s.mrr)} | ${f(s.knownPrecision)} | ${f(s.knownRecall)} | ${f(s.outOfScopeRecall)} |`;

export function table(split: Split, rows: readonly Row[]): string[] {
  if (rows.length === 0)
    return [`\n## ${split} split`, `${split} split: no questions${split === 'test' ? ', targets not judged' : ''}`];
  const lines = [`\n## ${split} split`, ...HEADER('script')];
  for (const lang of ['en', 'zhHant', 'zhHans', 'all'] as const)
    lines.push(line(lang, score(lang === 'all' ? rows : rows.filter((r) => r.q.lang === lang))));
  for (const lang of SCRIPTS) {
    const missed = misses(rows.filter((r) => r.q.lang === lang));
    lines.push('', `${split}, ${lang}: ${missHeading(missed.length)}`);
    lines.push(...missed.slice(0, WORST).map(describe));
    if (missed.length > WORST)
      lines.push(
        `- and ${missed
          .slice(WORST)
          .map((r) => r.q.id)
          .join(', ')}`,
      );
  }
  return lines;
}

const SCRIPTS = ['en', 'zhHant', 'zhHans'] as const;

/** What keeps one script's scores from the targets; empty when it meets them all. */
function shortfalls(s: Scores): string[] {
  const names = {
    hitAt3: 'hit@3',
    knownPrecision: 'precision of known:true',
    outOfScopeRecall: 'recall of not covered',
  };
  return (Object.keys(TARGETS) as (keyof typeof TARGETS)[])
    .filter((k) => s[k] < TARGETS[k])
    .map((k) => `${names[k]} ${f(s[k])} < ${TARGETS[k]}`);
}

/**
 * The targets' verdict on the test split, every script: met only when each script has questions
 * and meets all three. A split or script without questions is not judged, and so not met.
 */
export function verdict(rows: readonly Row[]): { readonly met: boolean; readonly lines: string[] } {
  if (rows.length === 0) return { met: false, lines: ['test split: no questions, targets not judged'] };
  const failing = SCRIPTS.flatMap((lang) => {
    const of = rows.filter((r) => r.q.lang === lang);
    if (of.length === 0) return [`${lang}: no questions, not judged`];
    const short = shortfalls(score(of));
    return short.length ? [`${lang}: ${short.join(', ')}`] : [];
  });
  if (failing.length === 0) return { met: true, lines: ['targets on test: met in every script'] };
  return { met: false, lines: ['targets on test: NOT met', ...failing.map((l) => `- ${l}`)] };
}

/** Each batch of a split scored apart, all scripts together; a held-out batch is marked. */
export function batchTable(split: Split, rows: readonly Row[], heldOut?: Batch): string[] {
  const lines = [`\n## ${split} split by batch${heldOut ? ` (${heldOut} held out: scored, misses not shown)` : ''}`];
  lines.push(...HEADER('batch'));
  for (const batch of [...Object.keys(BATCHES), 'other'] as Batch[]) {
    const of = rows.filter((r) => batchOf(r.q) === batch);
    if (of.length > 0) lines.push(line(batch === heldOut ? `${batch} (held out)` : batch, score(of)));
  }
  if (!heldOut) return lines;
  lines.push('', `${heldOut}, held out, by script:`, ...HEADER('script'));
  for (const lang of SCRIPTS)
    lines.push(line(lang, score(rows.filter((r) => batchOf(r.q) === heldOut && r.q.lang === lang))));
  return lines;
}

function missHeading(n: number): string {
  if (n === 0) return 'no misses';
  const count = `${n} ${n === 1 ? 'miss' : 'misses'}`;
  return n > WORST ? `${count}, the ${WORST} worst in full:` : `${count}, worst first:`;
}

function describe(r: Row): string {
  const want = r.q.cite.length ? r.q.cite.join(' | ') : 'not covered';
  const got = r.got.join(', ') || 'nothing';
  return `- ${r.q.id} ${r.q.question} → ${r.known ? 'known' : 'not known'}: ${got} (want ${want})`;
}

/**
 * `npm run eval:assistant -- dev` runs one split only; `-- dev --hold-out blind` leaves a batch out of
 * the dev table and its misses, scoring it only in the batch table (see assistant-batches.ts).
 */
export async function evalAssistant(
  splits: readonly Split[] = ['dev', 'test'],
  heldOut?: Batch,
): Promise<Partial<Record<Split, Row[]>>> {
  const dir = tempDir('gba-eval-');
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    await store.init();
    await seedGraph(store);
    const result: Partial<Record<Split, Row[]>> = {};
    const lines = ['Assistant evaluation (answers as of 2026-04-01)'];
    for (const split of splits) {
      const rows = await ask(store, loadQuestions(split));
      result[split] = rows;
      lines.push(
        ...table(
          split,
          rows.filter((r) => batchOf(r.q) !== heldOut || split !== 'dev'),
        ),
      );
      if (split === 'dev') lines.push(...batchTable(split, rows, heldOut));
    }
    lines.push(
      '',
      `targets on test, every script: hit@3 ≥ ${TARGETS.hitAt3}, precision of known:true ≥ ${TARGETS.knownPrecision}, recall of not covered ≥ ${TARGETS.outOfScopeRecall}`,
    );
    if (result.test) lines.push(...verdict(result.test).lines);
    process.stdout.write(`${lines.join('\n')}\n`);
    return result;
  } finally {
    await store.close();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const only = args.filter((a): a is Split => a === 'dev' || a === 'test');
  const i = args.indexOf('--hold-out');
  const heldOut = i >= 0 ? args[i + 1] : undefined;
  if (heldOut !== undefined && !isBatch(heldOut))
    throw new Error(`--hold-out: no batch "${heldOut}"; batches: ${Object.keys(BATCHES).join(', ')}`);
  const result = await evalAssistant(only.length ? only : undefined, heldOut);
  // The exit code is the targets' verdict on test, when test was run: not met or not judged fails.
  if (result.test && !verdict(result.test).met) process.exitCode = 1;
}
