/**
 * The publish step: what the outbox holds (dead letters, outbound events, and what other writers
 * queued) goes to its topics once the commit that queued it is durable, then is marked published.
 * After a crash, what the last commit queued goes first. One flush at a time: a timer and a batch
 * asking together share it.
 */
import type { GraphStore, OutboxMessage } from '../../services/graph/graph-store.port.js';
import type { EventTransport } from '../transport/event-transport.port.js';

/** Outbox messages read per round. */
const PAGE = 1000;

export class OutboxPublisher {
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly deps: {
      store: Pick<GraphStore, 'pendingOutbox' | 'markPublished'>;
      transport: Pick<EventTransport, 'publish'>;
    },
  ) {}

  /** Publishes everything pending; resolves to how many messages went out. */
  flush(): Promise<number> {
    this.flushing ??= this.flushNow().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushNow(): Promise<number> {
    const { store, transport } = this.deps;
    let sent = 0;
    for (;;) {
      const pending = await store.pendingOutbox(PAGE);
      if (pending.length === 0) return sent;
      const byTopic = new Map<string, OutboxMessage[]>();
      for (const m of pending) {
        const list = byTopic.get(m.topic);
        if (list) list.push(m);
        else byTopic.set(m.topic, [m]);
      }
      for (const [topic, messages] of byTopic) {
        await transport.publish(
          topic,
          messages.map((m) => ({ key: m.key, value: Buffer.from(m.value, 'base64'), headers: m.headers })),
        );
      }
      await store.markPublished(pending.map((m) => m.id));
      sent += pending.length;
    }
  }
}
