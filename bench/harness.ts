/** Timing helpers for benchmarks: percentiles over repeated runs, and a table with ratios to a baseline. */

export interface Timing {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly runs: number;
  /**
   * Mean CPU (µs, every thread of the process) per call, where measured. On a machine shared with
   * other work, latency grows with the neighbours' load; the CPU a call costs hardly does.
   */
  readonly cpuUs?: number;
}

/** CPU the process has used so far, in µs (user and system, every thread). */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

export async function measure(fn: (i: number) => unknown, { warmup = 50, runs = 500 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarise(samples, runs);
}

/**
 * Measures two variants in alternation (a, b, a, b, ...), so that a shared, noisy machine slows both
 * alike instead of whichever happened to run during a busy spell.
 */
export async function measurePair(
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  { warmup = 50, runs = 500 } = {},
): Promise<{ a: Timing; b: Timing }> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const samples: [number[], number[]] = [[], []];
  const cpu: [number, number] = [0, 0];
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of [a, b].entries()) {
      const c0 = cpuNow();
      const t0 = performance.now();
      await fn(i);
      samples[k]?.push(performance.now() - t0);
      cpu[k as 0 | 1] += cpuNow() - c0;
    }
  }
  return {
    a: { ...summarise(samples[0], runs), cpuUs: cpu[0] / runs },
    b: { ...summarise(samples[1], runs), cpuUs: cpu[1] / runs },
  };
}

/** Per-round ratios of a pair measured in alternating rounds, and their median (what is judged). */
export interface Rounds {
  /** measured ÷ baseline of each round, in the order run. */
  readonly ratios: readonly number[];
  readonly median: number;
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const roundsOf = (ratios: number[]): Rounds => ({ ratios, median: median(ratios) });

/**
 * `measurePair` in `rounds` rounds of `runs / rounds` pairs each, the two variants alternating call
 * by call and, from one round to the next, which of them goes first. Each round gives its own ratio of
 * CPU per call (measured ÷ baseline, collection pauses included where they fall); the median of the
 * rounds is the figure to judge, which a busy spell or a collection landing on one side in one round
 * does not move as it moves the ratio of one pooled pass. The timings are pooled over every round.
 */
export async function measurePairRounds(
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  { warmup = 50, runs = 500, rounds = 9 } = {},
): Promise<{ a: Timing; b: Timing; rounds: Rounds }> {
  for (let i = 0; i < warmup; i++) {
    await a(i);
    await b(i);
  }
  const samples: [number[], number[]] = [[], []];
  const cpu: [number, number] = [0, 0];
  const ratios: number[] = [];
  const perRound = Math.ceil(runs / rounds);
  for (let r = 0; r < rounds; r++) {
    const spent: [number, number] = [0, 0];
    const order = r % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (let i = r * perRound; i < (r + 1) * perRound; i++) {
      for (const k of order) {
        const c0 = cpuNow();
        const t0 = performance.now();
        await (k === 0 ? a : b)(i);
        samples[k].push(performance.now() - t0);
        spent[k] += cpuNow() - c0;
      }
    }
    cpu[0] += spent[0];
    cpu[1] += spent[1];
    ratios.push(spent[0] / spent[1]);
  }
  const n = perRound * rounds;
  return {
    a: { ...summarise(samples[0], n), cpuUs: cpu[0] / n },
    b: { ...summarise(samples[1], n), cpuUs: cpu[1] / n },
    rounds: roundsOf(ratios),
  };
}

/**
 * Latencies of `runs` calls made by `concurrency` callers at once, each starting its next call when
 * its last one ends (a loaded server's view), for two variants in alternating rounds. Each round
 * gives its own ratio of p95 latencies (measured ÷ baseline); their median is the figure to judge.
 */
export async function measureConcurrentPair(
  a: (i: number) => unknown,
  b: (i: number) => unknown,
  { concurrency = 10, runs = 3000, rounds = 4 } = {},
): Promise<{ a: Timing; b: Timing; rounds: Rounds }> {
  const cpu: [number, number] = [0, 0];
  const round = async (fn: (i: number) => unknown, samples: number[], count: number, k?: 0 | 1) => {
    const c0 = cpuNow();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          const t0 = performance.now();
          await fn(i);
          samples.push(performance.now() - t0);
        }
      }),
    );
    // Callers overlap, so CPU is counted per round: the round's total over its calls.
    if (k !== undefined) cpu[k] += cpuNow() - c0;
  };
  await round(a, [], concurrency * 20);
  await round(b, [], concurrency * 20);
  const samples: [number[], number[]] = [[], []];
  const ratios: number[] = [];
  const perRound = Math.ceil(runs / rounds);
  for (let r = 0; r < rounds; r++) {
    const these: [number[], number[]] = [[], []];
    // Which variant goes first alternates from round to round, as in measurePairRounds.
    for (const k of r % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const))
      await round(k === 0 ? a : b, these[k], perRound, k);
    samples[0].push(...these[0]);
    samples[1].push(...these[1]);
    ratios.push(summarise(these[0], perRound).p95 / summarise(these[1], perRound).p95);
  }
  return {
    a: { ...summarise(samples[0], samples[0].length), cpuUs: cpu[0] / samples[0].length },
    b: { ...summarise(samples[1], samples[1].length), cpuUs: cpu[1] / samples[1].length },
    rounds: roundsOf(ratios),
  };
}

function summarise(samples: number[], runs: number): Timing {
  samples.sort((x, y) => x - y);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), runs };
}

/** A ratio target judged in the table: measured ÷ baseline by CPU per call or by p95 latency. */
export interface RatioTarget {
  readonly by: 'cpu' | 'p95';
  readonly max: number;
}

export interface Row {
  readonly case: string;
  readonly size: string;
  readonly measured: Timing;
  readonly baseline: Timing;
  /** A target stated in words, not judged here. */
  readonly target?: string;
  /** A target judged here, printed with PASS or FAIL. */
  readonly ratio?: RatioTarget;
  /**
   * The pair's alternating rounds (measurePairRounds, measureConcurrentPair), by the target's
   * measure: given, the target judges their median, and the table prints it with the rounds' range.
   */
  readonly rounds?: Rounds;
}

const ms = (n: number) => `${n.toFixed(3)} ms`;
const cpuRatio = (r: Row) =>
  r.measured.cpuUs !== undefined && r.baseline.cpuUs !== undefined ? r.measured.cpuUs / r.baseline.cpuUs : undefined;

function verdict(r: Row): string {
  if (!r.ratio) return r.target ?? '';
  const pooled = r.ratio.by === 'cpu' ? cpuRatio(r) : r.measured.p95 / r.baseline.p95;
  const value = r.rounds ? r.rounds.median : pooled;
  const pass = value !== undefined && value <= r.ratio.max;
  const judged = r.rounds
    ? `median of ${r.rounds.ratios.length} alternating rounds ${r.rounds.median.toFixed(2)}× (rounds ${Math.min(...r.rounds.ratios).toFixed(2)}–${Math.max(...r.rounds.ratios).toFixed(2)}×), `
    : '';
  return `${judged}≤ ${r.ratio.max}× by ${r.ratio.by === 'cpu' ? 'CPU per call' : 'p95'}: ${pass ? 'PASS' : 'FAIL'}`;
}

export function printTable(title: string, rows: readonly Row[]): void {
  const cpu = (t: Timing) => (t.cpuUs === undefined ? '–' : `${t.cpuUs.toFixed(0)} µs`);
  const lines = [
    `\n${title}`,
    '| case | records | p50 | p95 | baseline p50 | baseline p95 | p95 ratio | CPU per call | baseline CPU | CPU ratio | target |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.size} | ${ms(r.measured.p50)} | ${ms(r.measured.p95)} | ${ms(r.baseline.p50)} | ${ms(r.baseline.p95)} | ${(r.measured.p95 / r.baseline.p95).toFixed(2)}× | ${cpu(r.measured)} | ${cpu(r.baseline)} | ${cpuRatio(r)?.toFixed(2) ?? '–'}${cpuRatio(r) === undefined ? '' : '×'} | ${verdict(r)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
