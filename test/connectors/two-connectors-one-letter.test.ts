/**
 * Two connectors on the same partition (an operator's `gba dlq replay` beside `gba start` on the
 * embedded log; in Kafka, a consumer that lost its partition in a rebalance and has not noticed yet)
 * handle the same delivered messages at once: each refused message has one dead letter, never two.
 * Found by a tester: five plain replays beside a running platform took 2343 letters to 4557, 6294
 * letters for 2769 events, each doubled letter replayed and doubled again. The second connector's
 * commit finds the message's receipt written meanwhile, writes nothing, and skips it when retried.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadLetters } from '../../connectors/pipeline/dead-letter-queue.js';
import { Pipeline } from '../../connectors/pipeline/pipeline.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { signedBinary } from '../support/partner-signing.js';
import { caseStatus } from '../support/pipeline-events.js';
import { seededEngines } from '../support/seeded-engines.js';

const { dir, store, audit, transport, receipts, partnerKeys } = seededEngines();
const toBinary = signedBinary(partnerKeys);
const now = () => new Date('2026-11-15T12:00:00+08:00');
const connector = (on: SqliteGraphStore) => new Pipeline({ store: on, audit, receipts, transport, now, partnerKeys });

/** `n` status events for a case that does not exist (each refused UNKNOWN_REFERENCE_CASE), delivered. */
async function refused(n: number, prefix: string) {
  const events = Array.from({ length: n }, (_, i) =>
    toBinary(caseStatus(`${prefix}-${i}`, { caseId: 'case-9999' }, { subject: 'case-9999' })),
  );
  const sent = await transport.publish(TOPICS.inboundHk, events);
  const offsets = new Set(sent.map((s) => s.offset));
  const partition = sent[0]?.partition ?? 0;
  const messages = (await transport.readAll(TOPICS.inboundHk)).filter(
    (m) => m.partition === partition && offsets.has(m.offset),
  );
  return { topic: TOPICS.inboundHk, partition, messages };
}

const lettersOf = async (prefix: string) =>
  (await deadLetters(transport)).filter(({ entry }) => entry.eventId?.startsWith(prefix));

describe('two connectors handling the same messages at once', () => {
  it('write one dead letter per refused message; the second skips what the first committed', async () => {
    const other = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
    await other.init();
    try {
      const batch = await refused(20, 'twice');
      const outcomes = await Promise.all([connector(store).handle(batch), connector(other).handle(batch)]);
      const letters = await lettersOf('twice-');
      expect(letters.map(({ entry }) => entry.eventId).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `twice-${i}`).sort(),
      );
      expect(letters.every(({ entry }) => entry.reason !== 'PROCESSING_FAILED')).toBe(true);
      const rejected = outcomes.map((o) => Object.values(o.rejected).reduce((a, n) => a + n, 0));
      expect(rejected.reduce((a, n) => a + n, 0)).toBe(20);
      expect(outcomes.reduce((a, o) => a + o.skipped, 0)).toBe(20);
    } finally {
      await other.close();
    }
  });

  it('and the same batch handled again later is skipped whole, with no letter added', async () => {
    const batch = await refused(5, 'again');
    await connector(store).handle(batch);
    const outcome = await connector(store).handle(batch);
    expect(outcome).toMatchObject({ skipped: 5, rejected: {} });
    expect(await lettersOf('again-')).toHaveLength(5);
  });
});
