/**
 * `npm run bench:gateway`: an official's nested query (practices(first: 20) with agencies, related
 * services, inspirations) on eight paths in one run, 10 connections each (autocannon), rounds
 * alternating: through the platform's gateway, straight to its knowledge subgraph, and two floors
 * (bench/gateway-floors.ts): a bare graphql-yoga federation subgraph serving the same answer from
 * memory, and stock Hive Gateway over that bare subgraph; then both platform paths again with the
 * knowledge subgraph's response cache on, as deployed, and the gateway of a platform with an
 * allow-list of operations asked by GET with the operation's hash, which its door for kept answers
 * serves (services/gateway/kept-answer-door.ts); last, the uncached gateway asked so that its door for
 * whole queries (services/gateway/whole-query-door.ts) leaves the request to Hive Gateway's pipeline,
 * as a first request of a query or a browser's is. The platform runs as `gba start` in child
 * processes (bench/gateway-platform.ts). The figure that counts is each server's event-loop CPU per request
 * (Linux: its main thread's on-CPU time from /proc); requests/s and latencies are printed beside it.
 * That CPU time does depend on what shares the server's core: with the load generator and the
 * servers free to run on either core, a round's CPU per request moved up to fourfold with the
 * machine's load. So every server (the platforms and the floors alike) is pinned to the last CPU and
 * this process, the load generator, to the others (bench/process.ts, pinServers; BENCH_PIN=0 does
 * not); the first line says whether it was.
 * Targets (ratios of CPU per request): the knowledge subgraph ≤ 1.0× the bare floor without a cache,
 * the gateway ≤ 1.2× the direct subgraph, the cached answer where officials ask (the gateway's door)
 * ≤ 0.2× the bare floor. Every path is first warmed up unmeasured (3 s), then measured in
 * BENCH_ROUNDS alternating cycles (5) of BENCH_SECONDS each (4); a path's figure is its median
 * round, a ratio the median of the ratios of each cycle's two rounds.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { operationHash } from '../services/gateway/persisted-operations.js';
import { startDevIdp } from '../test/support/dev-idp-fixture.js';
import { tempDir } from '../test/support/temp-dir.js';
import { startFloors } from './gateway-floors.js';
import { startPlatformProcess } from './gateway-platform.js';
import { buildBundle, mainThreadCpuNs, pinServers } from './process.js';

const QUERY = `{ practices(first: 20) { totalCount edges { node { id title { en zhHant zhHans }
  agency { id name { en } } relatedServices { id title { en } channels } inspiredBy { id title { en } } } } } }`;

/** Unmeasured rounds first, every path alike, seconds. */
const WARM_UP_SECONDS = 3;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The load the sizing note prices in cores. */
const SIZING_RPS = 1000;

interface Round {
  readonly rps: number;
  /** Main-thread CPU of the platform per request, ms (NaN where /proc is missing). */
  readonly cpu: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
}

/** How a path is asked the query: POSTed as text, or a GET naming the persisted operation's hash. */
const request = ({ headers, get }: Path, token: string) =>
  get
    ? { method: 'GET' as const, headers: { ...headers, authorization: `Bearer ${token}` } }
    : {
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', ...headers, authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      };

async function round(path: Path, token: string, seconds: number): Promise<Round> {
  const before = mainThreadCpuNs(path.pid);
  const result = await autocannon({ url: path.url, connections: 10, duration: seconds, ...request(path, token) });
  const after = mainThreadCpuNs(path.pid);
  return {
    rps: result.requests.average,
    cpu: before === null || after === null ? Number.NaN : (after - before) / 1e6 / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p95: (result.latency as unknown as Record<string, number>).p97_5 ?? result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

interface Path {
  readonly name: string;
  readonly url: string;
  /** The process whose event loop serves this path. */
  readonly pid: number;
  /** Sent with every request: the gateway's secret on a platform subgraph called directly. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Asked by GET with the persisted operation's hash in `url`, not POSTed. */
  readonly get?: boolean;
}

export async function benchGateway(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const count = Number(process.env.BENCH_ROUNDS ?? 5);
  buildBundle();
  const dir = tempDir('gba-bench-gateway-');
  // The dev identity provider in this process stands in for Keycloak; the platform only fetches its keys.
  const idp = await startDevIdp();
  const running: { close(): Promise<void> }[] = [];
  try {
    // One platform with the response cache off (what it costs to answer), one as deployed (cache on).
    const uncached = await startPlatformProcess({ keycloakUrl: idp.url, env: { RESPONSE_CACHE_ENTRIES: '0' } });
    running.push(uncached);
    const cached = await startPlatformProcess({ keycloakUrl: idp.url });
    running.push(cached);
    // As deployed with an allow-list of operations, where the gateway's door answers kept answers.
    const operations = join(dir.path, 'operations.json');
    writeFileSync(operations, JSON.stringify({ [operationHash(QUERY)]: QUERY }));
    const allowList = await startPlatformProcess({ keycloakUrl: idp.url, env: { PERSISTED_OPERATIONS: operations } });
    running.push(allowList);
    const byHash = `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(QUERY) } }))}`;
    const token = await idp.token('sz-official');
    const answer = await ask(
      { name: 'knowledge', url: uncached.knowledge, pid: uncached.pid, headers: uncached.subgraphHeaders },
      token,
    );
    const floors = await startFloors({
      knowledgeUrl: uncached.knowledge,
      knowledgeHeaders: uncached.subgraphHeaders,
      answer: answer.practices,
      dir: dir.path,
    });
    running.push(floors);
    const paths: Path[] = [
      { name: "the platform's gateway (subgraphs in its process), no cache", url: uncached.gateway, pid: uncached.pid },
      {
        name: "the platform's knowledge subgraph, called directly, no cache",
        url: uncached.knowledge,
        pid: uncached.pid,
        headers: uncached.subgraphHeaders,
      },
      { name: 'floor: bare graphql-yoga subgraph, answer from memory', ...floors.subgraph },
      { name: 'floor: stock Hive Gateway over the bare subgraph (gateway process)', ...floors.gateway },
      {
        name: "the platform's knowledge subgraph, called directly, response cache on",
        url: cached.knowledge,
        pid: cached.pid,
        headers: cached.subgraphHeaders,
      },
      {
        name: "the platform's gateway, response cache on (in its knowledge subgraph)",
        url: cached.gateway,
        pid: cached.pid,
      },
      {
        name: "the platform's gateway, GET by persisted hash: kept answers at its door",
        url: `${allowList.gateway}${byHash}`,
        pid: allowList.pid,
        get: true,
      },
      {
        // The door for whole queries takes `application/json` and `application/json; charset=utf-8` only.
        name: "the platform's gateway, no cache, a request its door for whole queries leaves to Hive Gateway's pipeline",
        url: uncached.gateway,
        pid: uncached.pid,
        headers: { 'content-type': 'application/json;charset=utf-8' },
      },
    ];
    // Every path must give the same answer, or the comparison means nothing; asked twice, so a
    // cached path's second answer is a kept one (at the door, for the door's path).
    for (const path of paths.slice(2))
      for (let i = 0; i < 2; i++)
        if (JSON.stringify(await ask(path, token)) !== JSON.stringify(answer))
          throw new Error(`${path.name} does not answer as the platform does`);
    // Every server on a core of its own, away from the load generator (this process), all alike.
    const pinned =
      process.env.BENCH_PIN === '0'
        ? null
        : pinServers([uncached.pid, cached.pid, allowList.pid, floors.subgraph.pid, floors.gateway.pid]);
    if (pinned) running.push({ close: async () => pinned.release() });
    // Warm-up, not measured, the same for every path: the JIT's tiers and the caches settle first.
    for (const path of paths) await round(path, token, WARM_UP_SECONDS);
    const rounds = new Map<Path, Round[]>(paths.map((p) => [p, []]));
    const loads: number[] = [];
    for (let i = 0; i < count; i++) {
      loads.push(loadavg()[0] ?? Number.NaN);
      for (const path of paths) rounds.get(path)?.push(await round(path, token, seconds));
    }
    printGateway(paths, rounds, seconds, {
      pinning:
        pinned?.note ??
        'servers and load generator unpinned (BENCH_PIN=0, one CPU, or no taskset): they share the cores',
      loads,
    });
  } finally {
    for (const r of running.reverse()) await r.close();
    await idp.close();
    dir.remove();
  }
}

async function ask(path: Path, token: string): Promise<{ practices: unknown }> {
  const { url } = path;
  const response = await fetch(url, request(path, token));
  const body = (await response.json()) as { data?: { practices: unknown }; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`${url} answered ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

function printGateway(
  paths: Path[],
  rounds: Map<Path, Round[]>,
  seconds: number,
  { pinning, loads }: { pinning: string; loads: readonly number[] },
): void {
  // Medians over the rounds: one round caught by a neighbour's burst or a major collection moves it not.
  const mean = (p: Path | undefined, k: keyof Round) => median(((p && rounds.get(p)) ?? []).map((r) => r[k]));
  const [gateway, knowledge, bare, stock, cachedKnowledge, cachedGateway, door, pipeline] = paths;
  // A ratio is the median of the ratios of each cycle's two rounds (measured minutes apart at most),
  // so a machine whose load drifts between cycles moves both sides of it alike.
  const cpuRatio = (a: Path | undefined, b: Path | undefined) => {
    const as = (a && rounds.get(a)) ?? [];
    const bs = (b && rounds.get(b)) ?? [];
    return median(as.map((r, i) => r.cpu / (bs[i]?.cpu ?? Number.NaN)));
  };
  const perRound = (a: Path | undefined, b: Path | undefined) => {
    const as = (a && rounds.get(a)) ?? [];
    const bs = (b && rounds.get(b)) ?? [];
    return as.map((r, i) => (r.cpu / (bs[i]?.cpu ?? Number.NaN)).toFixed(2)).join(', ');
  };
  const met = (ratio: number, target: number) =>
    `${ratio.toFixed(2)}× (target ≤ ${target}×: ${ratio <= target ? 'PASS' : 'FAIL'})`;
  const row = (p: Path) =>
    `| ${p.name} | ${Math.round(mean(p, 'rps')).toLocaleString('en')} | ${mean(p, 'p50').toFixed(1)} ms | ${mean(p, 'p95').toFixed(1)} ms | ${mean(p, 'p99').toFixed(1)} ms | ${mean(p, 'errors')} | ${mean(p, 'cpu').toFixed(2)} ms | ${cpuRatio(p, bare).toFixed(2)}× | ${Math.round(1000 / mean(p, 'cpu')).toLocaleString('en')} |`;
  const lines = [
    `\nAn official's nested query (practices(first: 20) with agencies, related services, inspirations), 10 connections, ${rounds.get(gateway as Path)?.length} rounds of ${seconds} s per path after ${WARM_UP_SECONDS} s unmeasured, alternating, medians; the platform as deployed (NODE_ENV=production), with its response cache off and on; ${pinning}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} over the cycles`,
    '| path | requests/s | p50 | p97.5 | p99 | errors | event-loop CPU per request | × bare floor | requests/s one event loop could serve |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...paths.map(row),
    `knowledge subgraph / bare floor, CPU per request: ${met(cpuRatio(knowledge, bare), 1.0)}; per round ${perRound(knowledge, bare)}`,
    `gateway / knowledge subgraph called directly, CPU per request: ${met(cpuRatio(gateway, knowledge), 1.2)}; per round ${perRound(gateway, knowledge)}`,
    `the same query through Hive Gateway's pipeline, its door for whole queries left out / knowledge subgraph called directly, CPU per request: ${cpuRatio(pipeline, knowledge).toFixed(2)}×; per round ${perRound(pipeline, knowledge)}`,
    `the platform's gateway (with its subgraphs' work) / stock Hive Gateway (routing only), CPU per request: ${cpuRatio(gateway, stock).toFixed(2)}×`,
    `knowledge subgraph, answers from the response cache / bare floor, CPU per request: ${cpuRatio(cachedKnowledge, bare).toFixed(2)}×`,
    `gateway over the cached knowledge subgraph, query POSTed as text / bare floor, CPU per request: ${cpuRatio(cachedGateway, bare).toFixed(2)}×`,
    `gateway, persisted query by GET answered at its door for kept answers / bare floor, CPU per request: ${met(cpuRatio(door, bare), 0.2)}; per round ${perRound(door, bare)}`,
    // What a load asks of a machine: event-loop CPU alone, before the garbage collector's threads and
    // the kernel's network work, which share the same cores.
    ...(Number.isNaN(mean(gateway, 'cpu'))
      ? []
      : [
          `sizing: at ${mean(gateway, 'cpu').toFixed(2)} ms of event-loop CPU per request, ${SIZING_RPS.toLocaleString('en')} requests/s through the gateway take ${((mean(gateway, 'cpu') * SIZING_RPS) / 1000).toFixed(1)} cores of event loops alone (one event loop each); this machine has ${cpus().length}, shared with the load generator`,
        ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGateway();
