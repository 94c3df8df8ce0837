/**
 * The dead-letter queue as tools read it: the letters not yet replayed, and the replay that sends
 * one back to its topic. `gba dlq` and the operators' API both use these.
 */

import { randomUUID } from 'node:crypto';
import type { DeadLetter, DeadLetterEntry } from '../../services/operations/event-desk.port.js';
import { type DeliveredMessage, type EventTransport, TOPICS } from '../transport/event-transport.port.js';
import { DLQ_HEADERS } from './dead-letter.js';
import type { Published } from './drain.js';

export type { DeadLetterEntry } from '../../services/operations/event-desk.port.js';

export const REPLAYED = 'gba_dlq_replayed';

export async function deadLetters(
  transport: EventTransport,
): Promise<{ entry: DeadLetterEntry; raw: DeliveredMessage }[]> {
  const all = await transport.readAll(TOPICS.dlq);
  const replayed = new Set(all.flatMap((m) => (m.headers[REPLAYED] ? [m.headers[REPLAYED]] : [])));
  return all
    .filter((m) => !m.headers[REPLAYED] && !replayed.has(m.offset))
    .map((m) => ({
      raw: m,
      entry: {
        dlqOffset: m.offset,
        reason: m.headers[DLQ_HEADERS.reason] ?? 'UNKNOWN',
        message: m.headers[DLQ_HEADERS.message] ?? '',
        eventId: m.headers[DLQ_HEADERS.eventId] || null,
        source: m.headers[DLQ_HEADERS.source] || null,
        time: m.headers[DLQ_HEADERS.rejectedAt] ?? new Date(Number(m.timestamp)).toISOString(),
        topic: m.headers[DLQ_HEADERS.topic] ?? '',
        partition: Number(m.headers[DLQ_HEADERS.partition] ?? 0),
        offset: m.headers[DLQ_HEADERS.offset] ?? '',
      },
    }));
}

/**
 * Claims the letters for one replayer: a replay mark per letter naming the claimant, appended to the
 * queue, then the queue read back; a letter is this replayer's when the first mark of it there is its
 * own. The queue has one partition, so every replayer (the CLI, the platform, any host) sees the same
 * first mark: a letter is replayed once however many replay it at the same time. The claim uses only
 * the transport port (append, read), so it holds on the embedded log and on Kafka alike (acks=all on
 * the single-partition `gba.dlq`, read back from the beginning).
 */
async function claim(transport: EventTransport, letters: readonly DeadLetter[]): Promise<Set<string>> {
  const claimant = randomUUID();
  await transport.publish(
    TOPICS.dlq,
    letters.map(({ entry, raw }) => ({
      key: raw.key,
      value: Buffer.alloc(0),
      headers: { [REPLAYED]: entry.dlqOffset, [DLQ_HEADERS.claimant]: claimant },
    })),
  );
  const first = new Map<string, string>();
  for (const m of await transport.readAll(TOPICS.dlq)) {
    const offset = m.headers[REPLAYED];
    if (offset !== undefined && !first.has(offset)) first.set(offset, m.headers[DLQ_HEADERS.claimant] ?? '');
  }
  return new Set(letters.flatMap(({ entry }) => (first.get(entry.dlqOffset) === claimant ? [entry.dlqOffset] : [])));
}

/**
 * Claims the letters (`claim`), then sends each one claimed back to its topic, its original bytes and
 * headers marked as a replay of it; the connectors then handle it as new input. Per letter, in order,
 * where it went, or null when another replayer had claimed it ('already replayed').
 */
export async function resend(transport: EventTransport, letters: readonly DeadLetter[]): Promise<(Published | null)[]> {
  if (letters.length === 0) return [];
  const mine = await claim(transport, letters);
  const published: (Published | null)[] = [];
  for (const { entry, raw } of letters) {
    if (!mine.has(entry.dlqOffset)) {
      published.push(null);
      continue;
    }
    const headers = Object.fromEntries(
      Object.entries(raw.headers).filter(([k]) => !k.startsWith('__connect.errors.') && !k.startsWith('gba_dlq_')),
    );
    const replay = { [DLQ_HEADERS.replayOf]: entry.dlqOffset, [DLQ_HEADERS.replayReason]: entry.reason };
    const [sent] = await transport.publish(entry.topic, [
      { key: raw.key, value: raw.value, headers: { ...headers, ...replay } },
    ]);
    published.push(sent ? { topic: entry.topic, ...sent } : null);
  }
  return published;
}
