/**
 * The publish step: what the outbox holds goes to its topics, byte for byte, once, and is then
 * marked published; two flushes asked at once share one.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxPublisher } from '../../../connectors/pipeline/outbox-publisher.js';
import { TOPICS } from '../../../connectors/transport/event-transport.port.js';
import type { OutboxMessage } from '../../../services/graph/graph-store.port.js';
import { SqliteGraphStore } from '../../../services/graph/sqlite/sqlite-graph-store.js';
import { seededEngines } from '../../support/seeded-engines.js';

const { dir, store, transport } = seededEngines();
const publisher = new OutboxPublisher({ store, transport });

let n = 0;
const queued = (topic: string): OutboxMessage => {
  n++;
  return {
    id: `test:${n}`,
    topic,
    key: `k${n}`,
    value: Buffer.from(`body ${n}`).toString('base64'),
    headers: { h: String(n) },
  };
};

async function queue(messages: OutboxMessage[]): Promise<void> {
  await store.commitEvents({ nodes: [], clocks: [], processed: [], receipts: [], outbox: messages });
}

const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      [TOPICS.dlq, TOPICS.outboundHk, TOPICS.outboundMainland].map(async (t) => [
        t,
        (await transport.readAll(t)).length,
      ]),
    ),
  );

const ROWS: [string, string[]][] = [
  ['nothing queued', []],
  ['one dead letter', [TOPICS.dlq]],
  [
    'messages for three topics, interleaved',
    [TOPICS.outboundHk, TOPICS.dlq, TOPICS.outboundMainland, TOPICS.outboundHk],
  ],
];

describe('the publish step', () => {
  it.each(ROWS)('publishes %s to their topics once', async (_title, topics) => {
    const before = await counts();
    const messages = topics.map(queued);
    await queue(messages);
    expect(await publisher.flush()).toBe(topics.length);
    expect(await publisher.flush()).toBe(0);
    const after = await counts();
    for (const t of Object.keys(after))
      expect((after[t] as number) - (before[t] as number), t).toBe(topics.filter((x) => x === t).length);
    for (const m of messages) {
      const sent = (await transport.readAll(m.topic)).find((d) => d.key === m.key);
      expect(sent?.value.toString()).toBe(Buffer.from(m.value, 'base64').toString());
      expect(sent?.headers).toMatchObject(m.headers);
    }
  });

  it('shares one flush between two callers asking at once', async () => {
    await queue([queued(TOPICS.dlq), queued(TOPICS.dlq)]);
    const [a, b] = await Promise.all([publisher.flush(), publisher.flush()]);
    expect([a, b]).toEqual([2, 2]);
    expect(await store.pendingOutbox(10)).toEqual([]);
  });

  /**
   * Found by a tester: a `gba dlq replay` beside a running platform gave 50 refused events a second
   * dead letter each, both pointing at the same inbound offset. The replay's publisher and the
   * platform's read the same pending rows and both published them before either marked them.
   */
  it.each([
    ['two publishers on one store connection each', 2, 50],
    ['three publishers, 130 rows', 3, 130],
  ])('%s publish each queued row once', async (_title, publishers, rows) => {
    const others = Array.from(
      { length: publishers - 1 },
      () => new SqliteGraphStore({ path: join(dir.path, 'gba.db') }),
    );
    await Promise.all(others.map((o) => o.init()));
    try {
      const before = (await transport.readAll(TOPICS.dlq)).length;
      const messages = Array.from({ length: rows }, () => queued(TOPICS.dlq));
      await queue(messages);
      const flushes = [store, ...others].map((s) => new OutboxPublisher({ store: s, transport }).flush());
      const sent = await Promise.all(flushes);
      expect(sent.reduce((a, b) => a + b, 0)).toBe(rows);
      const letters = (await transport.readAll(TOPICS.dlq)).slice(before);
      expect(letters.map((l) => l.key).sort()).toEqual(messages.map((m) => m.key).sort());
      expect(await store.pendingOutbox(10)).toEqual([]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });
});
