/**
 * `npm run eval:assistant`: the assistant against a question set written for it (bench/
 * assistant-questions.json: 30 questions, 10 per script, each with the records a good answer cites,
 * worded unlike the records' titles). Prints recall@3 and MRR, overall and per script. Target
 * recall@3 ≥ 0.9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedGraph } from '../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../services/graph/sqlite/sqlite-graph-store.js';
import { answer } from '../services/knowledge/assistant/answer.js';
import { tempDir } from '../test/support/temp-dir.js';

interface Question {
  readonly lang: 'en' | 'zhHant' | 'zhHans';
  readonly question: string;
  readonly cite: readonly string[];
}

export async function evalAssistant(): Promise<{ recall: number; mrr: number }> {
  const questions = JSON.parse(
    readFileSync(join(import.meta.dirname, 'assistant-questions.json'), 'utf8'),
  ) as Question[];
  const dir = tempDir('gba-eval-');
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    await store.init();
    await seedGraph(store);
    const rows: { lang: string; hit: boolean; rr: number; question: string; got: string[] }[] = [];
    for (const q of questions) {
      const a = await answer(store, q.question, { today: new Date('2026-04-01T00:00:00+08:00') });
      const got = [...a.citations, ...a.suggestions].slice(0, 3).map((c) => c.id);
      const rank = got.findIndex((id) => q.cite.includes(id));
      rows.push({ lang: q.lang, hit: rank >= 0, rr: rank >= 0 ? 1 / (rank + 1) : 0, question: q.question, got });
    }
    const summary = (rs: typeof rows) => ({
      recall: rs.filter((r) => r.hit).length / rs.length,
      mrr: rs.reduce((a, r) => a + r.rr, 0) / rs.length,
    });
    const lines = [
      '\nAssistant evaluation: does a record a good answer cites come among the first three?',
      '| questions | recall@3 | MRR |',
      '| --- | --- | --- |',
    ];
    for (const lang of ['en', 'zhHant', 'zhHans']) {
      const s = summary(rows.filter((r) => r.lang === lang));
      lines.push(
        `| ${lang} (${rows.filter((r) => r.lang === lang).length}) | ${s.recall.toFixed(2)} | ${s.mrr.toFixed(2)} |`,
      );
    }
    const all = summary(rows);
    lines.push(`| all (${rows.length}) | ${all.recall.toFixed(2)} | ${all.mrr.toFixed(2)} |`, `target recall@3 ≥ 0.90`);
    for (const r of rows.filter((x) => !x.hit)) lines.push(`missed: ${r.question} → ${r.got.join(', ') || 'nothing'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return all;
  } finally {
    await store.close();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await evalAssistant();
