/**
 * The dead-letter queue as tools read it: the letters not yet replayed, and the replay that sends
 * one back to its topic. `gba dlq` and the operators' API both use these.
 */

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
 * Sends each dead letter's original bytes and headers back to its topic, marked as a replay of it,
 * and marks the dead letter replayed; the connectors then handle it as new input.
 */
export async function resend(transport: EventTransport, letters: readonly DeadLetter[]): Promise<Published[]> {
  const published: Published[] = [];
  for (const { entry, raw } of letters) {
    const headers = Object.fromEntries(
      Object.entries(raw.headers).filter(([k]) => !k.startsWith('__connect.errors.') && !k.startsWith('gba_dlq_')),
    );
    const [sent] = await transport.publish(entry.topic, [
      { key: raw.key, value: raw.value, headers: { ...headers, [DLQ_HEADERS.replayOf]: entry.dlqOffset } },
    ]);
    if (sent) published.push({ topic: entry.topic, ...sent });
    await transport.publish(TOPICS.dlq, [
      { key: raw.key, value: Buffer.alloc(0), headers: { [REPLAYED]: entry.dlqOffset } },
    ]);
  }
  return published;
}
