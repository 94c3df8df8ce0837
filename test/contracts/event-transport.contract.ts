/**
 * The event-transport contract, run against every adapter: keyed partitions keep order, a group
 * reads each message once and resumes from its committed offset, a failed batch comes again,
 * messages keep their bytes and headers, and an append to several topics together says where each went.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch, EventTransport } from '../../connectors/transport/event-transport.port.js';

export interface TransportFixture {
  /** A transport over fresh state, or over the same state as the last call when `reopen` is true. */
  open(options?: { reopen?: boolean }): Promise<EventTransport>;
}

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Topic names unique to this run, so a Kafka kept between runs starts each test empty. */
const RUN = Date.now().toString(36);

export function eventTransportContract(name: string, fixture: TransportFixture): void {
  describe(`event transport contract: ${name}`, () => {
    const open: EventTransport[] = [];
    const transport = async (options?: { reopen?: boolean }) => {
      const t = await fixture.open(options);
      open.push(t);
      return t;
    };
    afterEach(async () => {
      for (const t of open.splice(0)) await t.close();
    });

    it('keeps the bytes and headers of a message, and its order within a key', async () => {
      const t = await transport();
      await t.ensureTopics([{ topic: `contract.a.${RUN}`, partitions: 3 }]);
      const sent = await t.publish(
        `contract.a.${RUN}`,
        Array.from({ length: 20 }, (_, i) => ({
          key: `k${i % 4}`,
          value: Buffer.from([0, 255, i]),
          headers: { ce_id: `e${i}`, 'content-type': 'application/json' },
        })),
      );
      expect(new Set(sent.filter((_, i) => i % 4 === 0).map((s) => s.partition)).size).toBe(1);
      const all = await t.readAll(`contract.a.${RUN}`);
      expect(all).toHaveLength(20);
      const k0 = all.filter((m) => m.key === 'k0').map((m) => m.headers.ce_id);
      expect(k0).toEqual(['e0', 'e4', 'e8', 'e12', 'e16']);
      expect([...(all.find((m) => m.headers.ce_id === 'e7')?.value ?? [])]).toEqual([0, 255, 7]);
      const ends = await t.endOffsets(`contract.a.${RUN}`);
      expect([...ends.values()].reduce((a, b) => a + Number(b), 0)).toBe(20);
    });

    it('appends to several topics together, each part where it says, in order', async () => {
      const t = await transport();
      const [a, b] = [`contract.t1.${RUN}`, `contract.t2.${RUN}`];
      await t.ensureTopics([
        { topic: a, partitions: 2 },
        { topic: b, partitions: 1 },
      ]);
      const message = (id: string) => ({ key: 'k', value: Buffer.from(id), headers: { ce_id: id } });
      const sent = await t.publishTogether([
        { topic: a, messages: [message('a0'), message('a1')] },
        { topic: b, messages: [message('b0')] },
      ]);
      const [onA, onB] = [await t.readAll(a), await t.readAll(b)];
      expect(onA.map((m) => m.headers.ce_id)).toEqual(['a0', 'a1']);
      expect(onB.map((m) => m.headers.ce_id)).toEqual(['b0']);
      expect(sent[0]?.map((s) => `${s.partition}/${s.offset}`)).toEqual(onA.map((m) => `${m.partition}/${m.offset}`));
      expect(sent[1]?.map((s) => `${s.partition}/${s.offset}`)).toEqual(onB.map((m) => `${m.partition}/${m.offset}`));
    });

    it('delivers each message to the group once and resumes from the committed offset after a restart', async () => {
      const t = await transport();
      await t.ensureTopics([{ topic: `contract.b.${RUN}`, partitions: 2 }]);
      await t.publish(
        `contract.b.${RUN}`,
        Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: Buffer.from(`m${i}`), headers: {} })),
      );
      const seen: string[] = [];
      const consumer = await t.consume({
        groupId: 'g1',
        topics: [`contract.b.${RUN}`],
        eachBatch: async (b: Batch) => {
          seen.push(...b.messages.map((m) => m.value.toString()));
        },
      });
      await until(() => seen.length === 10);
      await consumer.stop();
      await t.publish(`contract.b.${RUN}`, [{ key: 'later', value: Buffer.from('m10'), headers: {} }]);
      const again = await transport({ reopen: true });
      const more: string[] = [];
      const second = await again.consume({
        groupId: 'g1',
        topics: [`contract.b.${RUN}`],
        eachBatch: async (b) => {
          more.push(...b.messages.map((m) => m.value.toString()));
        },
      });
      await until(() => more.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      await second.stop();
      expect(seen.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
      expect(more).toEqual(['m10']);
    });

    it('gives a failed batch again, and commits nothing for it', async () => {
      const t = await transport();
      await t.ensureTopics([{ topic: `contract.c.${RUN}`, partitions: 1 }]);
      await t.publish(`contract.c.${RUN}`, [{ key: 'a', value: Buffer.from('x'), headers: {} }]);
      let attempts = 0;
      const errors: unknown[] = [];
      const consumer = await t.consume({
        groupId: 'g2',
        topics: [`contract.c.${RUN}`],
        eachBatch: async () => {
          attempts++;
          if (attempts < 3) throw new Error('not yet');
        },
        onError: (e) => errors.push(e),
      });
      await until(() => attempts >= 3);
      await new Promise((r) => setTimeout(r, 100));
      await consumer.stop();
      expect(errors).toHaveLength(2);
      expect((await t.committedOffsets('g2', `contract.c.${RUN}`)).get(0)).toBe('1');
    });
  });
}
