/**
 * The publish step: what the outbox holds (dead letters, outbound events, and what other writers
 * queued) goes to its topics once the commit that queued it is durable, then is marked published.
 * After a crash, what the last commit queued goes first. One flush at a time: a timer and a batch
 * asking together share it. Each publisher claims the messages it publishes (a lease), so two
 * publishers on one store (the platform's and a `gba dlq replay` process's, or two connectors in one
 * process) never both publish one: a tester saw 50 dead letters published twice that way.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { GraphStore, OutboxMessage } from '../../services/graph/graph-store.port.js';
import type { EventTransport } from '../transport/event-transport.port.js';

/** Outbox messages read per round. */
const PAGE = 1000;
/** How long a claim holds: messages a publisher claimed and died holding go out this much later. */
export const OUTBOX_LEASE_MS = 30_000;

/** A publisher's name: its host and process, so a publisher on the same host can tell it is gone. */
const CLAIMANT_HOST = hostname();

/** Whether the publisher that made `claimant` is a process of this host that has ended. */
export function goneClaimant(claimant: string): boolean {
  const [host, pid] = claimant.split('/');
  if (host !== CLAIMANT_HOST || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class OutboxPublisher {
  private flushing: Promise<number> | null = null;
  private readonly claimant = `${CLAIMANT_HOST}/${process.pid}/${randomUUID()}`;

  constructor(
    private readonly deps: {
      store: Pick<GraphStore, 'claimOutbox' | 'outboxClaimants' | 'releaseOutbox' | 'markPublished'>;
      transport: Pick<EventTransport, 'publish'>;
      now?: () => number;
      leaseMs?: number;
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
    const { store, now = Date.now, leaseMs = OUTBOX_LEASE_MS } = this.deps;
    const orphans = (await store.outboxClaimants()).filter(goneClaimant);
    let sent = 0;
    for (;;) {
      const claim = { limit: PAGE, claimant: this.claimant, now: now(), leaseMs, orphans };
      const pending = await store.claimOutbox(claim);
      if (pending.length === 0) return sent;
      const ids = pending.map((m) => m.id);
      try {
        await this.publish(pending);
      } catch (error) {
        await store.releaseOutbox(ids, this.claimant).catch(() => undefined);
        throw error;
      }
      await store.markPublished(ids);
      sent += pending.length;
    }
  }

  private async publish(pending: readonly OutboxMessage[]): Promise<void> {
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const m of pending) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    for (const [topic, messages] of byTopic) {
      await this.deps.transport.publish(
        topic,
        messages.map((m) => ({ key: m.key, value: Buffer.from(m.value, 'base64'), headers: m.headers })),
      );
    }
  }
}
