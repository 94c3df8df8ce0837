/**
 * A rejected message as a dead letter, in the manner of Kafka Connect's error reporter: the original
 * bytes and headers untouched, the context in `__connect.errors.*` headers, plus the reason code.
 */
import type { OutboxMessage } from '../../services/graph/graph-store.port.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import { TOPICS } from '../transport/event-transport.port.js';
import type { Rejection } from './validate.js';

export const DLQ_HEADERS = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  connector: '__connect.errors.connector.name',
  task: '__connect.errors.task.id',
  stage: '__connect.errors.stage',
  className: '__connect.errors.class.name',
  exceptionClass: '__connect.errors.exception.class.name',
  message: '__connect.errors.exception.message',
  reason: 'gba_dlq_reason',
  eventId: 'gba_dlq_event_id',
  source: 'gba_dlq_source',
  rejectedAt: 'gba_dlq_rejected_at',
  replayOf: 'gba_dlq_replay_of',
  /**
   * On a replay: a random id the replayer draws for it, under the seal (replay-seal.ts), so that no two
   * replays share a seal and the pipeline judges each sealed replay once (`replayUse`).
   */
  replayId: 'gba_dlq_replay_id',
  /** The reason the replayed letter was refused for (a conflict's replay may be the correction). */
  replayReason: 'gba_dlq_replay_reason',
  /** On a replay, and so on the letter it may become: the reason its first letter was refused for. */
  firstReason: 'gba_dlq_first_reason',
  /** On a letter refused after a version of its id was applied, and on its replay: nothing supersedes it. */
  afterApplied: 'gba_dlq_after_applied',
  /** On a claim, renewal, release or done mark: who made it (a replayer's name, an operator's). */
  claimant: 'gba_dlq_claimant',
  /** A claim (or its renewal) of the letter at this offset: a lease (dead-letter-queue.ts). */
  claimOf: 'gba_dlq_claim_of',
  /** On a claim: when it was made (ISO 8601, the replayer's clock), and for how long it holds. */
  claimedAt: 'gba_dlq_claimed_at',
  leaseMs: 'gba_dlq_lease_ms',
  /** An operator's release of the claim on the letter at this offset (`gba dlq release`). */
  releaseOf: 'gba_dlq_release_of',
} as const;

export function deadLetter({
  message,
  rejection,
  connector,
  key,
  rejectedAt,
}: {
  message: DeliveredMessage;
  rejection: Rejection;
  connector: string;
  key: { source: string; id: string } | null;
  rejectedAt: string;
}): OutboxMessage {
  // A replay's first reason is carried on (dead-letter-queue.ts `replayOf`); on anything else it is not ours.
  const { [DLQ_HEADERS.firstReason]: first, ...headers } = message.headers;
  const replayed = message.headers[DLQ_HEADERS.replayOf] !== undefined && first !== undefined;
  return {
    id: `dlq:${message.topic}:${message.partition}:${message.offset}`,
    topic: TOPICS.dlq,
    key: message.key,
    value: message.value.toString('base64'),
    headers: {
      ...headers,
      ...(replayed ? { [DLQ_HEADERS.firstReason]: first } : {}),
      [DLQ_HEADERS.topic]: message.topic,
      [DLQ_HEADERS.partition]: String(message.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.connector]: connector,
      [DLQ_HEADERS.task]: '0',
      [DLQ_HEADERS.stage]: rejection.stage,
      [DLQ_HEADERS.className]: 'gba.connectors.pipeline',
      [DLQ_HEADERS.exceptionClass]: rejection.code,
      [DLQ_HEADERS.message]: rejection.message,
      [DLQ_HEADERS.reason]: rejection.code,
      [DLQ_HEADERS.eventId]: key?.id ?? '',
      [DLQ_HEADERS.source]: key?.source ?? '',
      [DLQ_HEADERS.rejectedAt]: rejectedAt,
      ...(rejection.afterApplied ? { [DLQ_HEADERS.afterApplied]: 'true' } : {}),
    },
  };
}
