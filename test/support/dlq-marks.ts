/**
 * Messages of `gba.dlq` as the pipeline and a replayer append them (connectors/pipeline/dead-letter.ts,
 * dead-letter-queue.ts), for tests that need a queue in a given state: a letter, and the claim mark a
 * replayer leaves (as one that stopped before its lease ran out leaves it).
 */
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { type OutgoingMessage, TOPICS } from '../../connectors/transport/event-transport.port.js';

/** A dead letter of the event `eventId` from `source`, refused for want of a consent. */
export const letterOf = (eventId: string, source: string): OutgoingMessage => ({
  key: null,
  value: Buffer.from(JSON.stringify({ id: eventId, source })),
  headers: {
    [DLQ_HEADERS.topic]: TOPICS.inboundHk,
    [DLQ_HEADERS.reason]: 'NO_CONSENT',
    [DLQ_HEADERS.eventId]: eventId,
    [DLQ_HEADERS.source]: source,
  },
});

/** The claim mark the replayer `by` appends at `at` on the letter at `dlqOffset`, for five minutes. */
export const claimMark = (dlqOffset: string, by: string, at: Date): OutgoingMessage => ({
  key: null,
  value: Buffer.alloc(0),
  headers: {
    [DLQ_HEADERS.claimOf]: dlqOffset,
    [DLQ_HEADERS.claimant]: by,
    [DLQ_HEADERS.claimedAt]: at.toISOString(),
    [DLQ_HEADERS.leaseMs]: '300000',
  },
});
