/**
 * Exactly-once effect under at-least-once delivery, with real processes: a connector is killed with
 * SIGKILL at random points while it ingests 10,000 events, at least 20 times, then allowed to finish.
 * Nothing is lost, nothing is applied twice: the graph equals that of an uninterrupted run, every
 * event has one processed record, every outbound event was queued once, the audit chain is intact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticEvents } from '../../bench/events.js';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { eventKey } from '../../services/graph/graph-store.port.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

const TOTAL = 10_000;
const KILLS = 20;
const events = syntheticEvents(TOTAL, { prefix: 'crash' });
const crashed = tempDir('gba-crash-');
const reference = tempDir('gba-reference-');
afterAll(() => {
  crashed.remove();
  reference.remove();
});

async function prepare(dir: string): Promise<void> {
  const store = new SqliteGraphStore({ path: join(dir, 'gba.db') });
  await store.init();
  await seedGraph(store);
  await store.close();
  const log = new SqliteEventLog({ path: join(dir, 'events.db') });
  await log.ensureTopics(TOPIC_SPECS);
  const toBinary = signedBinary(devPartnerKeys(dir));
  for (let i = 0; i < events.length; i += 1000)
    await log.publish(TOPICS.inboundHk, events.slice(i, i + 1000).map(toBinary));
  await log.close();
}

function child(dir: string): { process: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../support/connector-child.ts')],
    {
      env: { ...process.env, DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise<void>((resolve) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  const exited = once(proc, 'exit').then(([code]) => code as number | null);
  return { process: proc, ready, exited };
}

async function snapshot(dir: string) {
  const store = new SqliteGraphStore({ path: join(dir, 'gba.db') });
  try {
    // A signature differs each time it is made: a consent's receipts compare by number, one per change applied.
    const consents = (await store.list('Consent', { first: 100_000 })).map((c) => ({
      ...c,
      receipts: c.receipts.length,
    }));
    const graph: unknown[] = [consents];
    for (const label of ['Service', 'Case'] as const) graph.push(await store.list(label, { first: 100_000 }));
    const processed = await store.processed(events.map((e) => eventKey(e.source as string, e.id as string)));
    let receipts = 0;
    for (const p of [0, 1, 2])
      receipts += (await store.receipts({ topic: TOPICS.inboundHk, partition: p, from: '0', to: String(TOTAL) }))
        .length;
    return { graph: JSON.stringify(graph), processed, receipts, consents: (graph[0] as unknown[]).length };
  } finally {
    await store.close();
  }
}

/** Receipts written so far, read straight from the file while a connector writes it. */
function receiptsIn(dir: string): number {
  const db = new Database(join(dir, 'gba.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM receipt').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function progressBeyond(dir: string, count: number, proc: ChildProcess): Promise<void> {
  while (receiptsIn(dir) <= count && proc.exitCode === null && proc.signalCode === null)
    await new Promise((r) => setTimeout(r, 5));
}

async function outbound(dir: string) {
  const log = new SqliteEventLog({ path: join(dir, 'events.db') });
  try {
    const ids = (await log.readAll(TOPICS.outboundMainland)).map((m) => {
      const d = decode(m);
      return d.ok ? (d.event.id as string) : 'undecodable';
    });
    return { messages: ids.length, distinct: new Set(ids).size, dlq: (await log.readAll(TOPICS.dlq)).length };
  } finally {
    await log.close();
  }
}

describe('a connector killed at random points during a 10,000-event ingest', () => {
  it(`loses nothing and applies nothing twice after ${KILLS} kills`, { timeout: 600_000 }, async () => {
    await prepare(crashed.path);
    let kills = 0;
    let finishedEarly = false;
    while (kills < KILLS) {
      const c = child(crashed.path);
      // Half the kills land during start-up, half while batches are being applied: after this process
      // has applied something, whatever its first batch costs (dictionaries built at first use, say).
      if (kills % 2 === 1) {
        await c.ready;
        await progressBeyond(crashed.path, receiptsIn(crashed.path), c.process);
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 150)));
      c.process.kill('SIGKILL');
      const code = await c.exited;
      if (code === 0) {
        finishedEarly = true;
        break;
      }
      kills++;
    }
    expect(finishedEarly).toBe(false);
    // The kills fell in the middle of the ingest: part of it was done, not all.
    const before = (await snapshot(crashed.path)).receipts;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(TOTAL);
    const last = child(crashed.path);
    expect(await last.exited).toBe(0);

    // The same events, never interrupted.
    await prepare(reference.path);
    const store = new SqliteGraphStore({ path: join(reference.path, 'gba.db') });
    const audit = new SqliteAuditLog({ path: join(reference.path, 'audit.db') });
    const transport = new SqliteEventLog({ path: join(reference.path, 'events.db'), pollIntervalMs: 2 });
    const published = (await transport.readAll(TOPICS.inboundHk)).map((m) => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
    }));
    await drain({
      published,
      transport,
      store,
      audit,
      receipts: loadReceiptSigner(join(reference.path, 'receipts')),
      partnerKeys: devPartnerKeys(reference.path),
      log: pino({ level: 'silent' }),
      now: () => new Date('2026-03-01T00:00:00+08:00'),
    });
    await transport.close();
    await audit.close();
    await store.close();

    const after = await snapshot(crashed.path);
    const expected = await snapshot(reference.path);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(after.processed.size).toBe(TOTAL);
    expect([...after.processed.values()].every((p) => p.disposition === 'applied')).toBe(true);
    expect(after.receipts).toBe(TOTAL);
    expect(after.consents).toBe(14 + TOTAL / 2);
    expect(after.graph).toBe(expected.graph);
    const sent = await outbound(crashed.path);
    const sentOnce = await outbound(reference.path);
    expect(sent.distinct).toBe(sentOnce.distinct);
    expect(sent.distinct).toBe(TOTAL / 4);
    expect(sent.dlq).toBe(0);
    const chain = new SqliteAuditLog({ path: join(crashed.path, 'audit.db') });
    try {
      expect((await chain.verify()).ok).toBe(true);
    } finally {
      await chain.close();
    }
  });
});
