/**
 * Production event transport on Apache Kafka through kafkajs: an idempotent producer (acks from all
 * in-sync replicas, one in-flight request, so retries neither duplicate nor reorder), consumer
 * groups that commit an offset only after the batch's effect is durable (auto-commit off), and
 * retries with back-off on both sides. kafkajs is unmaintained since 2023: it is named here and
 * nowhere else, so a successor client replaces this folder only.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Consumer, type IHeaders, Kafka, type KafkaConfig, logLevel, type Producer } from 'kafkajs';
import type {
  ConsumeOptions,
  DeliveredMessage,
  EventTransport,
  Offsets,
  OutgoingMessage,
  RunningConsumer,
  TopicMessages,
  TopicSpec,
} from '../event-transport.port.js';
import { partitionFor } from '../partitioner.js';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Replication factor for topics this transport creates. @default 1 */
  readonly replicationFactor?: number;
  readonly ssl?: KafkaConfig['ssl'];
  readonly sasl?: KafkaConfig['sasl'];
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v.at(-1)) : String(v);
  }
  return out;
}

export class KafkaTransport implements EventTransport {
  readonly engine = 'kafka';
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  /** `publishTogether`'s producer: transactional, made on first use. */
  private transactional: Producer | null = null;
  private readonly clientId: string;
  private readonly consumers = new Set<Consumer>();
  private readonly replicationFactor: number;
  private readonly partitionCounts = new Map<string, number>();
  private roundRobin = 0;

  constructor({ brokers, clientId, replicationFactor = 1, ssl, sasl }: KafkaTransportOptions) {
    if (brokers.length === 0) throw new Error('KafkaTransport: at least one broker is required');
    this.kafka = new Kafka({
      brokers: [...brokers],
      clientId,
      ...(ssl ? { ssl } : {}),
      ...(sasl ? { sasl } : {}),
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 30_000 },
    });
    this.replicationFactor = replicationFactor;
    this.clientId = clientId;
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions,
            replicationFactor: this.replicationFactor,
          })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]) {
    if (messages.length === 0) return [];
    return this.sendWith(await this.connectedProducer(), topic, messages);
  }

  /**
   * One Kafka transaction over every part: consumers read committed records only (kafkajs' default,
   * `readUncommitted: false`), so they see all of the parts or, after a crash or an abort, none.
   */
  async publishTogether(parts: readonly TopicMessages[]) {
    const producer = await this.transactionalProducer();
    const transaction = await producer.transaction();
    try {
      const sent: { partition: number; offset: string }[][] = [];
      for (const { topic, messages } of parts)
        sent.push(messages.length === 0 ? [] : await this.sendWith(transaction, topic, messages));
      await transaction.commit();
      return sent;
    } catch (error) {
      if (transaction.isActive()) await transaction.abort();
      throw error;
    }
  }

  private async transactionalProducer(): Promise<Producer> {
    if (!this.transactional) {
      const producer = this.kafka.producer({
        transactionalId: `${this.clientId}-tx-${hostname()}-${process.pid}-${randomUUID()}`,
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      this.transactional = producer;
    }
    return this.transactional;
  }

  /** Sends on the producer, or within a transaction (a Transaction has the same `send`). */
  private async sendWith(sender: Pick<Producer, 'send'>, topic: string, messages: readonly OutgoingMessage[]) {
    // Partitions chosen here (Kafka's murmur2, as the embedded log) so each message's offset is known.
    const partitions = await this.partitionCount(topic);
    const chosen = messages.map((m) =>
      m.key === null ? this.roundRobin++ % partitions : partitionFor(m.key, partitions),
    );
    const metadata = await sender.send({
      topic,
      acks: -1,
      messages: messages.map((m, i) => ({
        key: m.key,
        value: m.value,
        headers: { ...m.headers },
        partition: chosen[i] as number,
      })),
    });
    // Kafka reports the base offset per partition; offsets within a partition follow the send order.
    const next = new Map(metadata.map((r) => [r.partition, BigInt(r.baseOffset ?? '0')]));
    return chosen.map((partition) => {
      const offset = next.get(partition) ?? 0n;
      next.set(partition, offset + 1n);
      return { partition, offset: offset.toString() };
    });
  }

  private async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known) return known;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const n = topics[0]?.partitions.length ?? 1;
      this.partitionCounts.set(topic, n);
      return n;
    } finally {
      await admin.disconnect();
    }
  }

  async consume({ groupId, topics, eachBatch, maxBatchSize = 500, onError }: ConsumeOptions): Promise<RunningConsumer> {
    if (!groupId) throw new Error('consume: groupId is required');
    if (topics.length === 0) throw new Error('consume: at least one topic is required');
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
      retry: { initialRetryTime: 300, retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    this.consumers.add(consumer);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let i = 0; i < batch.messages.length && isRunning() && !isStale(); i += maxBatchSize) {
          const slice = batch.messages.slice(i, i + maxBatchSize);
          const messages: DeliveredMessage[] = slice.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value ?? Buffer.alloc(0),
            headers: headersOf(m.headers),
            timestamp: m.timestamp,
          }));
          const handled = { topic: batch.topic, partition: batch.partition, messages };
          try {
            await eachBatch(handled);
          } catch (error) {
            onError?.(error, handled);
            // Thrown out of eachBatch, kafkajs seeks back to the last committed offset and retries.
            throw error;
          }
          const last = (slice.at(-1) as { offset: string }).offset;
          resolveOffset(last);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
          ]);
          await heartbeat();
        }
      },
    });
    return {
      stop: async () => {
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  async endOffsets(topic: string): Promise<Offsets> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, o.high]));
    } finally {
      await admin.disconnect();
    }
  }

  async committedOffsets(groupId: string, topic: string): Promise<Offsets> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return new Map(
        (entry?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, p.offset]),
      );
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Reads from the beginning up to each partition's end when called. A partition is read through when
   * a batch's last offset reaches its end, the batches kafkajs hands no message of included: the
   * markers of committed transactions (`publishTogether`) and aborted records take offsets that no
   * message reaches. Reads committed records only, so it waits for a transaction still open (a
   * producer that died in one: until Kafka aborts it, `transaction.timeout.ms`).
   */
  async readAll(topic: string): Promise<DeliveredMessage[]> {
    const ends = await this.endOffsets(topic);
    const remaining = new Set([...ends].filter(([, high]) => high !== '0').map(([p]) => p));
    if (remaining.size === 0) return [];
    // A throwaway group reads from the beginning and never commits.
    const consumer = this.kafka.consumer({ groupId: `gba-read-${topic}-${process.pid}-${Date.now()}` });
    const out: DeliveredMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          if (BigInt(payload.lastOffset) + 1n >= BigInt(ends.get(payload.partition) ?? '0'))
            remaining.delete(payload.partition);
          if (remaining.size === 0) resolve();
        });
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              out.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key ? message.key.toString('utf8') : null,
                value: message.value ?? Buffer.alloc(0),
                headers: headersOf(message.headers),
                timestamp: message.timestamp,
              });
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    // Read past the end meanwhile: only what was there when called, as the embedded log answers.
    return out
      .filter((m) => BigInt(m.offset) < BigInt(ends.get(m.partition) ?? '0'))
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  async close(): Promise<void> {
    for (const c of [...this.consumers]) await c.disconnect();
    this.consumers.clear();
    await this.producer?.disconnect();
    this.producer = null;
    await this.transactional?.disconnect();
    this.transactional = null;
  }
}
