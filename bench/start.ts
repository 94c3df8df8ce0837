/**
 * `npm run bench:start`: how long `gba start` takes to answer /readyz, with its data present and on a
 * first start that seeds it, and its resident memory once idle, beside two floors measured in the same
 * run: `node -e 0` (Node itself) and a bare graphql-yoga server (bench/floors/yoga-start.mjs). A last
 * row runs the same start from the TypeScript sources through tsx, as before the bundle in dist/.
 * Rounds alternate every case, so a busy spell slows all alike. Besides wall time, each row gives the
 * CPU the process used until it was ready (every thread, from /proc), which depends far less on how
 * many other processes share the cores. Targets: ready ≤ 2.5 s with data, ≤ 4 s on a first start,
 * idle RSS ≤ 200 MB. BENCH_START_ROUNDS sets the rounds (default 5).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { tempDir } from '../test/support/temp-dir.js';
import { buildBundle, freePort, processCpuMs, rssMb, until } from './process.js';

const ROOT = join(import.meta.dirname, '..');
/** How long a started server is left idle before its memory is read. */
const SETTLE_MS = 1000;

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}

interface Case {
  readonly name: string;
  /** Starts the process; `port` answers /readyz once it is ready (none: it exits when done). */
  run(port: number): ChildProcess;
  readonly serves: boolean;
  readonly target?: { readonly wallMs: number; readonly rssMb?: number };
}

async function sample(c: Case): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = c.run(port);
  const pid = child.pid as number;
  if (!c.serves) {
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`${c.name} exited with ${code}`);
    const wallMs = performance.now() - started;
    // `node -e 0` is gone before /proc can be read: its CPU is its wall time's upper bound.
    return { wallMs, cpuMs: Number.NaN, rssMb: Number.NaN };
  }
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${c.name} exited with ${code} before it was ready`);
  });
  try {
    await Promise.race([until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, 120_000, 10), exited]);
    const wallMs = performance.now() - started;
    const cpuMs = processCpuMs(pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { wallMs, cpuMs, rssMb: rssMb(pid) };
  } finally {
    exited.catch(() => {});
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

function gbaCase(name: string, dataDir: () => string, extraEnv: Record<string, string> = {}): Omit<Case, 'target'> {
  return {
    name,
    serves: true,
    run: (port) =>
      spawn(process.execPath, [join(ROOT, 'bin/gba.js'), 'start'], {
        // As a developer or a single-node install runs it: the dev identity provider in the process.
        env: {
          ...withoutNodeEnv(),
          ...extraEnv,
          LOG_LEVEL: 'error',
          DATA_DIR: dataDir(),
          GATEWAY_PORT: String(port),
          // Ports 0: the subgraphs and the dev identity provider listen wherever the system puts them.
          KNOWLEDGE_PORT: '0',
          EXCHANGE_PORT: '0',
          CONSENT_PORT: '0',
          IDP_PORT: '0',
        },
        stdio: 'ignore',
      }),
  };
}

function withoutNodeEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _, ...env } = process.env;
  return env;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchStart(): Promise<void> {
  const rounds = Number(process.env.BENCH_START_ROUNDS ?? 5);
  // Measure the code as it is now: the bundle `npm ci` would build from these sources.
  buildBundle();
  const present = tempDir('gba-bench-start-');
  const fresh: { path: string; remove: () => void }[] = [];
  const cases: Case[] = [
    { name: 'floor: node -e 0', serves: false, run: () => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }) },
    {
      name: 'floor: bare graphql-yoga server',
      serves: true,
      run: (port) =>
        spawn(process.execPath, [join(ROOT, 'bench/floors/yoga-start.mjs')], {
          env: { ...withoutNodeEnv(), PORT: String(port) },
          stdio: 'ignore',
        }),
    },
    { ...gbaCase('gba start, data present', () => present.path), target: { wallMs: 2500, rssMb: 200 } },
    {
      ...gbaCase('gba start, first start (seeds, makes keys)', () => {
        const dir = tempDir('gba-bench-first-');
        fresh.push(dir);
        return dir.path;
      }),
      target: { wallMs: 4000, rssMb: 200 },
    },
    gbaCase('gba start, data present, from sources through tsx', () => present.path, { GBA_FROM_SOURCE: '1' }),
  ];
  try {
    await sample(cases[2] as Case); // seeds `present` and warms the file cache
    const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
    for (let r = 0; r < rounds; r++) for (const c of cases) samples.get(c)?.push(await sample(c));
    print(cases, samples, rounds);
  } finally {
    present.remove();
    for (const dir of fresh) dir.remove();
  }
}

function print(cases: Case[], samples: Map<Case, Sample[]>, rounds: number): void {
  const med = (c: Case | undefined, k: keyof Sample) =>
    median((c ? samples.get(c) : undefined)?.map((s) => s[k]) ?? []);
  const yoga = cases[1];
  const fmt = (n: number, unit: string, digits = 0) => (Number.isNaN(n) ? '–' : `${n.toFixed(digits)} ${unit}`);
  const verdict = (c: Case) => {
    if (!c.target) return '';
    const wallOk = med(c, 'wallMs') <= c.target.wallMs;
    const rssOk = c.target.rssMb === undefined || med(c, 'rssMb') <= c.target.rssMb;
    return `ready ≤ ${c.target.wallMs / 1000} s: ${wallOk ? 'met' : 'NOT met'}; RSS ≤ ${c.target.rssMb} MB: ${rssOk ? 'met' : 'NOT met'}`;
  };
  const lines = [
    `\nStart-up to /readyz and idle memory, medians of ${rounds} alternating rounds (gba start with its dev identity provider; wall time depends on the machine's load, CPU far less)`,
    '| case | ready (wall) | × bare yoga | CPU until ready | × bare yoga | idle RSS | target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...cases.map(
      (c) =>
        `| ${c.name} | ${fmt(med(c, 'wallMs'), 'ms')} | ${(med(c, 'wallMs') / med(yoga, 'wallMs')).toFixed(2)}× | ${fmt(med(c, 'cpuMs'), 'ms')} | ${fmt(med(c, 'cpuMs') / med(yoga, 'cpuMs'), '×', 2).replace(' ×', '×')} | ${fmt(med(c, 'rssMb'), 'MB')} | ${verdict(c)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStart();
