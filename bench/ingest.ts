/**
 * `npm run bench:ingest`: events per second through the whole pipeline on the embedded twin (read
 * from the log, the door's limits, validate, dedupe, authorise (each partner's authority), references,
 * consent gate, the consent lifecycle with its audit records and signed receipts, apply, outbound,
 * audit, commit, offsets) beside raw batched store writes of the same records, measured in the same
 * run; peak memory printed. Target: ≥ 80% of the raw rate, by wall time and by CPU per event (every
 * thread; wall time on a shared machine depends on the neighbours); the absolute 20,000 events/s is
 * priced in cores instead. BENCH_EVENTS overrides the count.
 *
 * Both sides are measured warm: BENCH_WARMUP events (default 5,000, 0 for a cold run) go first,
 * through the pipeline on its side and as the same batched writes on the raw floor's, unmeasured, and
 * the BENCH_EVENTS after them are measured. A connector is a long-running process: it pays V8's
 * compiling (about 1 s of CPU, docs/performance.md) once, so the steady state is its cost per event.
 * `gba ingest` and `gba dlq replay` are short processes and pay the warm-up each time: a cold run
 * (BENCH_WARMUP=0) measures that.
 *
 * The two sides are measured in turns, not one after the other: the measured events go in
 * BENCH_ROUNDS (default 4) chunks, and each chunk is drained through the pipeline and written as raw
 * batched writes back to back, in alternating order (pipeline first in odd rounds, raw first in even
 * ones), so a neighbour's load on this shared machine falls on both sides alike. Each round's ratios
 * are printed; the target is judged on the medians of the rounds, the totals printed beside them.
 * Each side's measured work is what it was: every chunk's drain is a whole `drain()` (its connector
 * started and stopped, its summary read), every raw chunk the same batched writes of 500 into a store
 * opened as the pipeline's is (services/shared/sqlite-file.ts).
 *
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of each measured chunk of each side
 * (`pipeline-<round>.cpuprofile`, `raw-<round>.cpuprofile`); off by default (sampling costs CPU).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { toBinary } from '../connectors/pipeline/cloudevents.js';
import { drain } from '../connectors/pipeline/drain.js';
import { applyChange } from '../connectors/pipeline/merge.js';
import { validate } from '../connectors/pipeline/validate.js';
import { SqliteEventLog } from '../connectors/transport/embedded/sqlite-event-log.js';
import { type OutgoingMessage, TOPIC_SPECS, TOPICS } from '../connectors/transport/event-transport.port.js';
import type { NodeLabel, NodeOf } from '../schema/domain/index.js';
import { SqliteAuditLog } from '../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner } from '../services/consent/receipts.js';
import { seedGraph } from '../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../services/graph/sqlite/sqlite-graph-store.js';
import { devPartnerKeys, signedBinary } from '../test/support/partner-signing.js'; // trust
import { tempDir } from '../test/support/temp-dir.js';
import { syntheticEvents } from './events.js';
import { signatureCostLine } from './signature-cost.js'; // trust

const TARGET_RATE = 20_000;
/**
 * The young generation the platform's process runs with (Dockerfile, `npm start`): the pipeline is
 * measured as it runs there, the raw floor in the same process. `npm run bench:ingest` passes it too.
 */
export const SEMI_SPACE = '--max-semi-space-size=64';
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

/**
 * The bench in a process of its own: `npm run bench` runs every bench in one process, and the
 * ingest's peak RSS then held what the benches before it left (the consent bench's million consents
 * left 1352 MiB: peaks of 1354 and 1617 MiB reported so, against 265–420 MiB run alone).
 */
export async function benchIngest(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, SEMI_SPACE, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bench:ingest exited with ${code}`);
}

/** CPU (every thread) and wall time of one measured chunk; a CPU profile of it under BENCH_PROFILE. */
async function measured(name: string, run: () => Promise<unknown>): Promise<{ seconds: number; cpuUs: number }> {
  const dir = process.env.BENCH_PROFILE;
  const session = dir ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  if (session && dir) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  return { seconds, cpuUs: cpu.user + cpu.system };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function runIngest(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 20_000);
  const warmup = Number(process.env.BENCH_WARMUP ?? 5_000);
  const rounds = Math.max(1, Math.min(total, Number(process.env.BENCH_ROUNDS ?? 4)));
  const dir = tempDir('gba-bench-ingest-');
  const timer = setInterval(sample, 20);
  try {
    // One stream, in event-time order: the first `warmup` events warm both sides, the rest are measured.
    const events = syntheticEvents(warmup + total);
    // Baseline: the records these events produce, written straight to the store in batches.
    const raw = new SqliteGraphStore({ path: join(dir.path, 'raw.db') });
    await raw.init();
    await seedGraph(raw);
    const writes: { label: NodeLabel; record: NodeOf<NodeLabel> }[] = [];
    const current = new Map<string, NodeOf<NodeLabel> | null>();
    for (const e of events) {
      const v = validate(e);
      if (!v.ok) throw new Error(v.rejection.message);
      for (const change of v.event.canonical.changes) {
        // A consent keeps the system it was granted through, as the pipeline stores it (consent-change.ts).
        const ch =
          change.label === 'Consent' && change.create
            ? { ...change, create: { ...change.create, grantedBy: v.event.partner.source } }
            : change;
        const key = `${ch.label}:${ch.id}`;
        if (!current.has(key)) current.set(key, (await raw.getByIds(ch.label, [ch.id]))[0] ?? null);
        const merged = applyChange(current.get(key) ?? null, ch);
        if (!merged.ok) throw new Error(merged.message);
        current.set(key, merged.record);
        writes.push({ label: ch.label, record: merged.record });
      }
    }
    const rawWrite = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500) {
        const chunk = writes.slice(i, Math.min(i + 500, to));
        const byLabel = new Map<NodeLabel, NodeOf<NodeLabel>[]>();
        for (const w of chunk) byLabel.set(w.label, [...(byLabel.get(w.label) ?? []), w.record]);
        await raw.write([...byLabel].map(([label, rs]) => ({ label, records: rs })));
      }
    };
    // Every event here makes one write, so the warm-up's writes are the first `warmup`.
    if (writes.length !== events.length) throw new Error('each synthetic event should make one write');
    await rawWrite(0, warmup);

    const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
    await store.init();
    await seedGraph(store);
    const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
    const transport = new SqliteEventLog({ path: join(dir.path, 'events.db'), pollIntervalMs: 1 });
    await transport.ensureTopics(TOPIC_SPECS);
    // Each event signed by its system, as partners send them (lines marked `trust` are dropped for trees
    // before the signature check, by ingest-vs-base.sh).
    let outgoing: (event: Record<string, unknown>) => OutgoingMessage = toBinary;
    const keys = devPartnerKeys(dir.path); // trust
    outgoing = signedBinary(keys); // trust
    // The warm-up's events are published and drained before the measured ones are published, so
    // the measured drain handles exactly the measured events.
    const publish = async (from: number, to: number) => {
      const published = [];
      for (let i = from; i < to; i += 1000) {
        const sent = await transport.publish(TOPICS.inboundHk, events.slice(i, Math.min(i + 1000, to)).map(outgoing));
        published.push(...sent.map((s) => ({ topic: TOPICS.inboundHk, ...s })));
      }
      return published;
    };
    const pipeline = {
      transport,
      store,
      audit,
      receipts: loadReceiptSigner(join(dir.path, 'receipts')),
      partnerKeys: keys, // trust
      log: pino({ level: 'silent' }),
      now: () => new Date('2026-03-01T00:00:00+08:00'),
    };
    if (warmup > 0) {
      const warm = await drain({ ...pipeline, published: await publish(0, warmup) });
      if (warm.applied + warm.stale !== warmup) throw new Error(`warm-up not accepted: ${JSON.stringify(warm)}`);
    }
    // The measured events in rounds: each chunk published (unmeasured), then drained and written raw
    // back to back, the order alternating.
    const perRound: { pipe: { seconds: number; cpuUs: number }; raw: { seconds: number; cpuUs: number } }[] = [];
    let accepted = 0;
    for (let r = 0; r < rounds; r++) {
      const from = warmup + Math.floor((r * total) / rounds);
      const to = warmup + Math.floor(((r + 1) * total) / rounds);
      const published = await publish(from, to);
      const pipeSide = () =>
        measured(`pipeline-${r + 1}`, async () => {
          const summary = await drain({ ...pipeline, published });
          accepted += summary.applied + summary.stale;
          if (summary.applied + summary.stale !== to - from)
            throw new Error(`only some of round ${r + 1}'s events were accepted: ${JSON.stringify(summary)}`);
        });
      const rawSide = () => measured(`raw-${r + 1}`, () => rawWrite(from, to));
      if (r % 2 === 0) {
        const pipe = await pipeSide();
        perRound.push({ pipe, raw: await rawSide() });
      } else {
        const raw = await rawSide();
        perRound.push({ pipe: await pipeSide(), raw });
      }
    }
    await transport.close();
    await audit.close();
    await store.close();
    await raw.close();
    if (accepted !== total) throw new Error(`only ${accepted} of ${total} events were accepted`);
    const sum = (f: (x: (typeof perRound)[number]) => number) => perRound.reduce((a, x) => a + f(x), 0);
    const pipelineSeconds = sum((x) => x.pipe.seconds);
    const rawSeconds = sum((x) => x.raw.seconds);
    const cpuPerEvent = sum((x) => x.pipe.cpuUs) / total;
    const rawCpuPerEvent = sum((x) => x.raw.cpuUs) / total;
    const rate = total / pipelineSeconds;
    const rawRate = total / rawSeconds;
    // Each round's ratios (the same events on both sides, so per-event figures divide as totals do).
    const rateRatios = perRound.map((x) => x.raw.seconds / x.pipe.seconds);
    const cpuRatios = perRound.map((x) => x.raw.cpuUs / x.pipe.cpuUs);
    const rateRatio = median(rateRatios);
    const cpuRatio = median(cpuRatios);
    sample();
    const pc = (x: number) => `${(100 * x).toFixed(0)}%`;
    const lines = [
      `\nIngest through the whole pipeline on the embedded twin; the baseline writes the same records straight to the store in batches of 500; both measured after ${warmup.toLocaleString('en')} events of warm-up each (BENCH_WARMUP; 0 measures a cold process), in ${rounds} rounds of ${Math.floor(total / rounds).toLocaleString('en')} events taken by each side in turn (BENCH_ROUNDS); seconds and CPU are the rounds' totals, the ratios their medians`,
      '| events | pipeline | events/s | CPU per event | raw writes | raw events/s | raw CPU per event | rate ratio | CPU ratio (raw / pipeline) | peak RSS | target (both ratios) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${total.toLocaleString('en')} | ${pipelineSeconds.toFixed(2)} s | ${Math.round(rate).toLocaleString('en')} | ${cpuPerEvent.toFixed(0)} µs | ${rawSeconds.toFixed(2)} s | ${Math.round(rawRate).toLocaleString('en')} | ${rawCpuPerEvent.toFixed(0)} µs | ${pc(rateRatio)} | ${pc(cpuRatio)} | ${(peakRss / 2 ** 20).toFixed(0)} MiB | ≥ 80% of raw: ${rateRatio >= 0.8 && cpuRatio >= 0.8 ? 'met' : 'NOT met'} |`,
      `rounds (pipeline / raw CPU per event, CPU ratio, rate ratio): ${perRound.map((x, i) => `${((x.pipe.cpuUs * rounds) / total).toFixed(0)} / ${((x.raw.cpuUs * rounds) / total).toFixed(0)} µs ${pc(cpuRatios[i] as number)} ${pc(rateRatios[i] as number)}`).join('; ')}; totals: CPU ratio ${pc(rawCpuPerEvent / cpuPerEvent)}, rate ratio ${pc(rate / rawRate)} (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
      // What the absolute target asks of this machine: the process's CPU (every thread) per event.
      `the pipeline used ${cpuPerEvent.toFixed(0)} µs of CPU per event (all threads); ${TARGET_RATE.toLocaleString('en')} events/s at that cost take ${((cpuPerEvent * TARGET_RATE) / 1e6).toFixed(1)} cores, and one partition is consumed by one thread in event order; this machine has ${availableParallelism()}`,
    ];
    lines.push(signatureCostLine(events.slice(warmup).map(outgoing), keys, cpuPerEvent)); // trust
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    clearInterval(timer);
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runIngest();
