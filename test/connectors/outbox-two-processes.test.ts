/**
 * Two processes publishing one outbox at once (the running platform's connectors and a `gba dlq
 * replay` beside it, each with its own publisher on the same gba.db): each queued message is published
 * once in all. Found by a tester: one replay gave 50 refused events (one batch) a second dead letter
 * each, both pointing at the same inbound offset, because both publishers read the batch's pending
 * letters before either marked them published. Each publisher now claims what it publishes.
 */
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import type { OutboxMessage } from '../../services/graph/graph-store.port.js';
import { goProcess } from '../support/go-process.js';
import { seededEngines } from '../support/seeded-engines.js';

const { dir, store, transport } = seededEngines();

const publisherProcess = () => goProcess<number>('flush-after-go.ts', [dir.path]);

/** `n` dead letters queued by one commit, as a batch of refused events queues them. */
async function queueLetters(round: string, n: number): Promise<OutboxMessage[]> {
  const letters = Array.from({ length: n }, (_, i) => ({
    id: `dlq:${TOPICS.inboundHk}:2:${round}-${i}`,
    topic: TOPICS.dlq,
    key: `${round}-${i}`,
    value: Buffer.from(`{"id":"${round}-${i}"}`).toString('base64'),
    headers: { '__connect.errors.offset': `${round}-${i}` },
  }));
  await store.commitEvents({ nodes: [], clocks: [], processed: [], receipts: [], outbox: letters });
  return letters;
}

describe('two processes publishing one outbox at once', () => {
  it.each([
    ['one batch of 50 letters, two publishers', 'fifty', 50, 2],
    ['a page and more (1,200 letters), two publishers', 'many', 1_200, 2],
    ['300 letters, three publishers', 'three', 300, 3],
  ])('%s: each letter published once in all', { timeout: 60_000 }, async (_title, round, n, publishers) => {
    const letters = await queueLetters(round, n);
    const procs = Array.from({ length: publishers }, publisherProcess);
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.go();
    const sent = await Promise.all(procs.map((p) => p.result));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(n);
    const keys = (await transport.readAll(TOPICS.dlq)).map((m) => m.key).filter((k) => k?.startsWith(`${round}-`));
    expect(keys.sort()).toEqual(letters.map((l) => l.key).sort());
    expect(await store.pendingOutbox(10)).toEqual([]);
  });
});
