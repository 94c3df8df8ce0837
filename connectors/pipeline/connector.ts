/**
 * The running connectors: the inbound topics of both sides consumed by one consumer group, each
 * batch through the pipeline, the outbox published first on start (what a crash left queued).
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import type { GraphStore } from '../../services/graph/graph-store.port.js';
import { CONNECTOR_GROUP, type EventTransport, TOPIC_SPECS, TOPICS } from '../transport/event-transport.port.js';
import { connectorLog } from './log-privacy.js';
import { type BatchOutcome, Pipeline, type PipelineDeps } from './pipeline.js';
import { replaySealKey } from './replay-seal.js';

export interface RunningConnectors {
  readonly pipeline: Pipeline;
  stop(): Promise<void>;
}

export interface ConnectorOptions {
  readonly transport: EventTransport;
  readonly store: GraphStore;
  readonly audit: AuditLog;
  /** Signs the receipts of consent changes partners send. */
  readonly receipts: PipelineDeps['receipts'];
  /** Counts handled messages for `/metrics` and the operators' view. */
  readonly traffic?: PipelineDeps['traffic'];
  /** Wrapped so that no resident is named in what the connectors log (log-privacy.ts). */
  readonly log: Logger;
  /**
   * The deployment's secret, keying the persons' pseudonyms in logs and the replayer's seal
   * (replay-seal.ts); unset, logs leave persons out and no replay header is trusted.
   */
  readonly logKey?: string | undefined;
  readonly now?: () => Date;
  /** @default 500 */
  readonly maxBatchSize?: number;
  /** Told after every batch (the CLI counts progress with it). */
  readonly onBatch?: (outcome: BatchOutcome) => void;
  /** Told of every record a batch changed, once committed. */
  readonly onApplied?: PipelineDeps['onApplied'];
  /** How often the outbox is published even without inbound events (other writers queue into it). @default 1000 */
  readonly outboxIntervalMs?: number;
  /** The door's limits. @default DEFAULT_LIMITS */
  readonly limits?: PipelineDeps['limits'];
  /** The partner systems' keys every inbound event is checked against. */
  readonly partnerKeys: PipelineDeps['partnerKeys'];
}

export const INBOUND_TOPICS = [TOPICS.inboundHk, TOPICS.inboundMainland] as const;

export async function startConnectors({
  transport,
  store,
  audit,
  receipts,
  traffic,
  log: unwrapped,
  logKey,
  now,
  maxBatchSize = 500,
  onBatch,
  onApplied,
  outboxIntervalMs = 1000,
  limits,
  partnerKeys,
}: ConnectorOptions): Promise<RunningConnectors> {
  await transport.ensureTopics(TOPIC_SPECS);
  const log = connectorLog(unwrapped, logKey);
  const pipeline = new Pipeline({
    store,
    audit,
    receipts,
    traffic,
    transport,
    now,
    onApplied,
    limits,
    partnerKeys,
    replayKey: logKey ? replaySealKey(logKey) : undefined,
    log,
  });
  await pipeline.flushOutbox();
  const flusher = setInterval(() => {
    pipeline.flushOutbox().catch((error: unknown) => log.warn({ err: error }, 'outbox not published; retried'));
  }, outboxIntervalMs);
  flusher.unref();
  const consumer = await transport.consume({
    groupId: CONNECTOR_GROUP,
    topics: INBOUND_TOPICS,
    maxBatchSize,
    eachBatch: async (batch) => {
      const outcome = await pipeline.handle(batch);
      onBatch?.(outcome);
    },
    onError: (error, batch) =>
      batch
        ? log.error(
            { err: error, topic: batch.topic, partition: batch.partition, from: batch.messages[0]?.offset },
            'connector batch failed; it is retried',
          )
        : log.error({ err: error }, 'the event transport failed; the connector backs off and goes on'),
  });
  return {
    pipeline,
    stop: async () => {
      clearInterval(flusher);
      await consumer.stop();
    },
  };
}
