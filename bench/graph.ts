/**
 * `npm run bench:graph`: p50 and p95 of `search` and of the nested practices query on the SQLite
 * graph store, at the sample size and at 100k generated records, each beside a raw-SQL baseline
 * measured in the same run. Target: search p95 ≤ 5 ms at 100k records.
 * BENCH_RECORDS overrides the large size (e.g. 20000 for a quick look).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { connectorsOutbox } from '../connectors/pipeline/outbox.js';
import type { NodeBatch } from '../services/graph/graph-store.port.js';
import { indexText } from '../services/graph/search/text.js';
import { loadDataset } from '../services/graph/seed/dataset.js';
import { SqliteGraphStore } from '../services/graph/sqlite/sqlite-graph-store.js';
import { KeycloakAuthenticator } from '../services/identity/keycloak/keycloak-authenticator.js';
import { createKnowledgeServer } from '../services/knowledge/server.js';
import { tempDir } from '../test/support/temp-dir.js';
import { generateGraph } from './generate.js';
import { measure, printTable, type Row } from './harness.js';

const QUERIES = [
  'driving licence',
  'drving licence',
  '駕駛執照',
  '驾驶证',
  'DeepSeek',
  'kiosk services',
  '社會保險',
  'digital identity app',
  '跨境 服務',
  'iAM Smart registration',
  'appointment booking online',
  '一网通办',
  'residence permit',
  'social insurance enrolment',
  '智方便',
  'permit',
];

const NESTED = `query Nested { practices(first: 20) { totalCount edges { node {
  id title { en } agency { id name { en } } relatedServices { id title { en } agency { id } } } } } }`;

async function benchAt(label: string, batches: NodeBatch[], dir: string): Promise<Row[]> {
  const path = join(dir, `${label}.db`);
  const store = new SqliteGraphStore({ path });
  await store.init();
  const t0 = performance.now();
  let written = 0;
  for (const batch of batches) {
    for (let i = 0; i < batch.records.length; i += 5000) {
      written += (await store.write([{ label: batch.label, records: batch.records.slice(i, i + 5000) } as NodeBatch]))
        .changed;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${label}: wrote ${written} records in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} records/s)\n`,
  );

  const raw = new Database(path, { readonly: true });
  // The baseline sends the same tiered FTS5 statements as the store (every term, then any term when
  // too few), with the terms prepared beforehand: what is left is normalisation and typo correction.
  const ftsSql = raw.prepare(
    `SELECT n.label, n.id, -f.rank FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 10) AS f
     JOIN node n ON n.rowid = f.rowid ORDER BY f.rank, n.id`,
  );
  const docs = raw.prepare('SELECT doc FROM search_vocab WHERE term = ?').pluck();
  const totalDocs = raw.prepare('SELECT count(*) FROM search_fts').pluck().get() as number;
  const tiers = QUERIES.map((q) => {
    const terms = [...new Set(indexText(q).split(' '))];
    const known = terms.filter((t) => ((docs.get(t) as number | undefined) ?? 0) > 0);
    const rare = known.filter((t) => totalDocs < 10_000 || (docs.get(t) as number) <= totalDocs * 0.1);
    const any = (rare.length ? rare : known).map((t) => `"${t}"`);
    return {
      all: terms.map((t) => `"${t}"`).join(' AND '),
      any: terms.length > 1 && any.length ? any.join(' OR ') : undefined,
    };
  });
  const labels = ['Service', 'Practice', 'Announcement'] as const;
  // No request carries a token here, so the authenticator never calls its (absent) identity provider.
  const authenticator = new KeycloakAuthenticator({
    serverUrl: 'http://127.0.0.1:9',
    realm: 'gba',
    audience: 'gba-api',
  });
  const server = createKnowledgeServer({
    store,
    log: pino({ level: 'silent' }),
    graphiql: false,
    authenticator,
    outbox: connectorsOutbox(),
  });
  const post = (query: string, variables?: Record<string, unknown>) =>
    server.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });

  const q = (i: number) => QUERIES[i % QUERIES.length] as string;
  const rawSearch = await measure((i) => {
    const tier = tiers[i % tiers.length] as { all: string; any?: string };
    const hits = ftsSql.all(tier.all);
    if (hits.length < 10 && tier.any) ftsSql.all(tier.any);
  });
  const storeSearch = await measure((i) => store.search({ text: q(i), labels: [...labels], first: 10 }));
  const gqlSearch = await measure(async (i) => {
    const r = await post('query ($t: String!) { search(text: $t, first: 10) { kind id title { en } snippet score } }', {
      t: q(i),
    });
    await r.text();
  });

  const page = raw.prepare("SELECT data FROM node WHERE label = 'Practice' ORDER BY id LIMIT 20").pluck();
  const byIds = raw.prepare('SELECT data FROM node WHERE label = ? AND id IN (SELECT value FROM json_each(?))').pluck();
  const total = raw.prepare("SELECT count(*) FROM node WHERE label = 'Practice'").pluck();
  const rawNested = await measure(() => {
    const practices = (page.all() as string[]).map(
      (d) => JSON.parse(d) as { agency: string; relatedServices: string[] },
    );
    total.get();
    byIds.all('Agency', JSON.stringify([...new Set(practices.map((p) => p.agency))]));
    const services = (
      byIds.all('Service', JSON.stringify(practices.flatMap((p) => p.relatedServices))) as string[]
    ).map((d) => JSON.parse(d) as { agency: string });
    byIds.all('Agency', JSON.stringify(services.map((s) => s.agency)));
  });
  const gqlNested = await measure(async () => (await post(NESTED)).text());
  raw.close();
  await store.close();

  const size = `${written.toLocaleString('en')}`;
  return [
    {
      case: 'search (store: normalise, correct typos, FTS5)',
      size,
      measured: storeSearch,
      baseline: rawSearch,
      target: 'p95 ≤ 5 ms at 100k',
    },
    { case: 'search (GraphQL, in-process subgraph)', size, measured: gqlSearch, baseline: rawSearch },
    { case: 'nested practices(first: 20) (GraphQL)', size, measured: gqlNested, baseline: rawNested },
  ];
}

export async function benchGraph(): Promise<void> {
  const large = Number(process.env.BENCH_RECORDS ?? 100_000);
  const dir = tempDir('gba-bench-');
  try {
    const rows = [
      ...(await benchAt('sample', await loadDataset(), dir.path)),
      ...(await benchAt(`generated-${large}`, await generateGraph(large), dir.path)),
    ];
    printTable('Graph store (SQLite), baseline = the same SQL run directly on better-sqlite3', rows);
  } finally {
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGraph();
