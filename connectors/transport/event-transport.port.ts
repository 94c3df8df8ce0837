/**
 * The event-transport port: topics of keyed partitions, consumer groups with committed offsets,
 * at-least-once delivery. Adapters: `kafka/` (kafkajs, production) and `embedded/` (a durable log in
 * SQLite, everywhere else); both pass test/contracts/event-transport.contract.ts. Nothing outside
 * the adapters names kafkajs, so a successor client replaces one folder.
 */

export interface OutgoingMessage {
  /** Messages with the same key land in the same partition, in order. */
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface DeliveredMessage extends OutgoingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Decimal string, as Kafka gives it (offsets outgrow JavaScript numbers in principle). */
  readonly offset: string;
  /** Milliseconds since the epoch when the log appended it. */
  readonly timestamp: string;
}

/** Messages for one topic, in a `publishTogether`. */
export interface TopicMessages {
  readonly topic: string;
  readonly messages: readonly OutgoingMessage[];
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

export interface Batch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly DeliveredMessage[];
}

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Handles one batch of one partition. The offset after the batch's last message is committed only
   * when this resolves; if it throws, the same messages come again (after a back-off).
   */
  readonly eachBatch: (batch: Batch) => Promise<void>;
  /** @default 500 */
  readonly maxBatchSize?: number;
  /** Told about a failed batch before it is retried; `batch` is null when the transport itself failed. */
  readonly onError?: (error: unknown, batch: Batch | null) => void;
}

export interface RunningConsumer {
  /** Finishes the batch in hand, commits it, leaves the group. */
  stop(): Promise<void>;
}

/** Per partition, the next offset: for a topic's end, or a group's committed position. */
export type Offsets = Map<number, string>;

export interface EventTransport {
  /** `kafka` or `embedded`, for logs and readiness. */
  readonly engine: string;
  /** Creates missing topics with these partition counts. Idempotent. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Appends the messages durably (acknowledged by every in-sync replica on Kafka); in order per key. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<{ partition: number; offset: string }[]>;
  /**
   * Appends messages to several topics all or none: a reader sees every one of them or none, a crash
   * included (one SQLite transaction; one Kafka transaction, read_committed consumers). Per part, in
   * order, where each message went.
   */
  publishTogether(parts: readonly TopicMessages[]): Promise<{ partition: number; offset: string }[][]>;
  consume(options: ConsumeOptions): Promise<RunningConsumer>;
  /** The offset after the last message of each partition. */
  endOffsets(topic: string): Promise<Offsets>;
  /** The group's committed offsets (partitions it never committed are absent). */
  committedOffsets(groupId: string, topic: string): Promise<Offsets>;
  /** Every message of a topic from the beginning up to its current end, without a group (for tools). */
  readAll(topic: string): Promise<DeliveredMessage[]>;
  close(): Promise<void>;
}

/** Topics of DESIGN.md. */
export const TOPICS = {
  inboundHk: 'gba.inbound.hk',
  inboundMainland: 'gba.inbound.mainland',
  outboundHk: 'gba.outbound.hk',
  outboundMainland: 'gba.outbound.mainland',
  dlq: 'gba.dlq',
  audit: 'gba.audit',
} as const;

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: TOPICS.inboundHk, partitions: 3 },
  { topic: TOPICS.inboundMainland, partitions: 3 },
  { topic: TOPICS.outboundHk, partitions: 3 },
  { topic: TOPICS.outboundMainland, partitions: 3 },
  { topic: TOPICS.dlq, partitions: 1 },
  { topic: TOPICS.audit, partitions: 1 },
];

/** The consumer group of the platform's connectors. */
export const CONNECTOR_GROUP = 'gba-connectors';
