/**
 * `npm run bench:gateway`: requests per second and p50/p95/p99 of an official's nested query through
 * the gateway, beside the same query sent straight to its subgraph, in one run (autocannon). The
 * platform runs as `gba start` in a child process, so the load generator does not share its event
 * loop, in production mode as every deployment runs it; a dev identity provider in this process stands
 * in for Keycloak. Targets: gateway latency ≤ 1.5× direct, ≥ 1,000 requests/s. BENCH_SECONDS sets each round.
 * Beside them, the platform's event-loop CPU per request (Linux: the main thread's on-CPU time from
 * /proc, so the figure does not depend on how busy the machine is), and the requests per second one
 * event loop could serve at that cost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startDevIdp } from '../test/support/dev-idp-fixture.js';
import { tempDir } from '../test/support/temp-dir.js';
import { freePort, mainThreadCpuNs, until } from './process.js';

const QUERY = `{ practices(first: 20) { totalCount edges { node { id title { en zhHant zhHans }
  agency { id name { en } } relatedServices { id title { en } channels } inspiredBy { id title { en } } } } } }`;

const TARGET_RPS = 1000;

interface Round {
  readonly rps: number;
  /** Main-thread CPU of the platform per request, ms (NaN where /proc is missing). */
  readonly cpu: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
}

async function round(url: string, token: string, seconds: number, pid: number): Promise<Round> {
  const before = mainThreadCpuNs(pid);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const after = mainThreadCpuNs(pid);
  return {
    rps: result.requests.average,
    cpu: before === null || after === null ? Number.NaN : (after - before) / 1e6 / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p95: (result.latency as unknown as Record<string, number>).p97_5 ?? result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function benchGateway(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const dir = tempDir('gba-bench-gateway-');
  const ports = {
    gateway: await freePort(),
    knowledge: await freePort(),
    exchange: await freePort(),
    consent: await freePort(),
  };
  // The dev identity provider in this process stands in for Keycloak; the platform only fetches its keys.
  const idp = await startDevIdp();
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [join(import.meta.dirname, '../bin/gba.js'), 'start', '--only', 'gateway,knowledge,exchange,consent'],
      {
        env: {
          ...process.env,
          // As deployed: production mode (graphql-js without its development checks), tokens verified
          // against an identity provider outside the platform, as against Keycloak.
          NODE_ENV: 'production',
          KEYCLOAK_URL: idp.url,
          DATA_DIR: dir.path,
          LOG_LEVEL: 'error',
          GATEWAY_PORT: String(ports.gateway),
          KNOWLEDGE_PORT: String(ports.knowledge),
          EXCHANGE_PORT: String(ports.exchange),
          CONSENT_PORT: String(ports.consent),
        },
        stdio: 'ignore',
      },
    );
    const gateway = `http://127.0.0.1:${ports.gateway}/graphql`;
    const direct = `http://127.0.0.1:${ports.knowledge}/graphql`;
    await until(async () => (await fetch(`http://127.0.0.1:${ports.gateway}/readyz`)).ok, 60_000);
    const token = await idp.token('sz-official');
    // Warm both paths, then alternate rounds so a noisy neighbour slows both alike.
    const pid = child.pid as number;
    await round(gateway, token, 2, pid);
    await round(direct, token, 2, pid);
    const g: Round[] = [];
    const d: Round[] = [];
    for (let i = 0; i < 2; i++) {
      g.push(await round(gateway, token, seconds, pid));
      d.push(await round(direct, token, seconds, pid));
    }
    const mean = (rs: Round[], k: keyof Round) => rs.reduce((a, r) => a + r[k], 0) / rs.length;
    const row = (name: string, rs: Round[]) =>
      `| ${name} | ${Math.round(mean(rs, 'rps')).toLocaleString('en')} | ${mean(rs, 'p50').toFixed(1)} ms | ${mean(rs, 'p95').toFixed(1)} ms | ${mean(rs, 'p99').toFixed(1)} ms | ${mean(rs, 'errors')} | ${mean(rs, 'cpu').toFixed(2)} ms | ${Math.round(1000 / mean(rs, 'cpu')).toLocaleString('en')} |`;
    const lines = [
      `\nAn official's nested query (practices(first: 20) with agencies, related services, inspirations), 10 connections, 2 rounds of ${seconds} s each, alternating; the platform as deployed (NODE_ENV=production)`,
      '| path | requests/s | p50 | p97.5 | p99 | errors | event-loop CPU per request | requests/s one event loop could serve |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row('through the gateway', g),
      row('straight to the knowledge subgraph', d),
      `p50 ratio ${(mean(g, 'p50') / mean(d, 'p50')).toFixed(2)}×, p99 ratio ${(mean(g, 'p99') / mean(d, 'p99')).toFixed(2)}× (target ≤ 1.5×); gateway ${Math.round(mean(g, 'rps'))} requests/s (target ≥ ${TARGET_RPS.toLocaleString('en')})`,
      // What the target asks of this machine: event-loop CPU alone, before the load generator, the
      // garbage collector's threads and the kernel's network work, which share the same cores.
      ...(Number.isNaN(mean(g, 'cpu'))
        ? []
        : [
            `at ${mean(g, 'cpu').toFixed(2)} ms of event-loop CPU per request, ${TARGET_RPS.toLocaleString('en')} requests/s through the gateway take ${((mean(g, 'cpu') * TARGET_RPS) / 1000).toFixed(1)} cores of event loops alone; this machine has ${availableParallelism()}, shared with the load generator`,
          ]),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    child?.kill('SIGTERM');
    if (child) await once(child, 'exit');
    await idp.close();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGateway();
