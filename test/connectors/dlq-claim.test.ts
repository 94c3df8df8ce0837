/**
 * Two replayers of the same dead-letter queue at once (`gba dlq replay` beside the operators'
 * `replayDeadLetters`, found by a tester: 44 letters became 58) claim each letter once: every letter
 * is sent back once in all, and the queue is empty after, whichever replayer sent it.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { deadLetters, resend } from '../../connectors/pipeline/dead-letter-queue.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { goProcess } from '../support/go-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const LETTERS = 12;

/** A log at `path` holding LETTERS dead letters of events on the HK inbound topic. */
async function queue(path: string): Promise<SqliteEventLog> {
  const log = new SqliteEventLog({ path });
  await log.ensureTopics(TOPIC_SPECS);
  await log.publish(
    TOPICS.dlq,
    Array.from({ length: LETTERS }, (_, i) => ({
      key: `case-${i}`,
      value: Buffer.from(`{"id":"e-${i}"}`),
      headers: {
        [DLQ_HEADERS.topic]: TOPICS.inboundHk,
        [DLQ_HEADERS.reason]: 'NO_CONSENT',
        [DLQ_HEADERS.eventId]: `e-${i}`,
        [DLQ_HEADERS.offset]: String(i),
      },
    })),
  );
  return log;
}

const replayer = (name: string) => ({ name, now: () => new Date(), leaseMs: 300_000 });

const replays = async (log: SqliteEventLog) =>
  (await log.readAll(TOPICS.inboundHk)).map((m) => m.headers[DLQ_HEADERS.replayOf]).sort();

const replayerProcess = (path: string) => goProcess<(string | null)[]>('replay-after-go.ts', [path]);

describe('two replayers of one dead-letter queue', () => {
  it('two handles on the same file, replaying the same letters at once: each letter sent once', async () => {
    const path = join(dir.path, 'handles.db');
    const a = await queue(path);
    const b = new SqliteEventLog({ path });
    try {
      const [forA, forB] = [await deadLetters(a), await deadLetters(b)];
      expect(forA).toHaveLength(LETTERS);
      const [sentA, sentB] = await Promise.all([resend(a, forA, replayer('a')), resend(b, forB, replayer('b'))]);
      for (let i = 0; i < LETTERS; i++) expect([sentA[i], sentB[i]].filter((s) => s !== null)).toHaveLength(1);
      expect(await replays(a)).toEqual(forA.map((l) => l.entry.dlqOffset).sort());
      expect(await deadLetters(b)).toEqual([]);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('two processes that read the queue before either replays: each letter sent once in all', async () => {
    const path = join(dir.path, 'processes.db');
    const log = await queue(path);
    try {
      const [one, two] = [replayerProcess(path), replayerProcess(path)];
      await Promise.all([one.ready, two.ready]);
      one.go();
      two.go();
      const [sentOne, sentTwo] = await Promise.all([one.result, two.result]);
      expect(sentOne).toHaveLength(LETTERS);
      for (let i = 0; i < LETTERS; i++) expect([sentOne[i], sentTwo[i]].filter((s) => s !== null)).toHaveLength(1);
      expect(await replays(log)).toHaveLength(LETTERS);
      expect(new Set(await replays(log)).size).toBe(LETTERS);
      expect(await deadLetters(log)).toEqual([]);
    } finally {
      await log.close();
    }
  });
});
