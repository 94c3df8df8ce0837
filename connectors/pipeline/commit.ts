/**
 * The commit step: one batch's decisions go on record first (fail closed: nothing they allowed is
 * stored or sent before), then its graph changes, clocks, ledger, receipts and outbox in one store
 * transaction. A batch retried in this process after a failed commit does not append the decisions
 * of its messages again. (A crash between the two appends them once more.)
 */
import type { NodeLabel, NodeOf } from '../../schema/domain/index.js';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import type { GraphStore } from '../../services/graph/graph-store.port.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import type { BatchRecord } from './batch-record.js';
import type { BatchView } from './batch-view.js';

const offsetKey = (m: DeliveredMessage) => `${m.topic}/${m.partition}/${m.offset}`;

export class BatchCommitter {
  /** Messages whose decisions are in the audit log although their batch did not commit. */
  private readonly audited = new Set<string>();

  constructor(private readonly deps: { store: Pick<GraphStore, 'commitEvents'>; audit: Pick<AuditLog, 'append'> }) {}

  /** Drops the entries a message added from `from` on when an earlier try already put them on record. */
  keepOnce(message: DeliveredMessage, record: BatchRecord, from: number): void {
    if (this.audited.has(offsetKey(message))) record.audit.length = from;
  }

  /** A message that is settled another way (dead-lettered alone): its earlier decisions are forgotten. */
  forget(message: DeliveredMessage): void {
    this.audited.delete(offsetKey(message));
  }

  async commit({
    messages,
    record,
    view,
  }: {
    messages: readonly DeliveredMessage[];
    record: BatchRecord;
    view: BatchView;
  }): Promise<void> {
    if (record.audit.length > 0) await this.deps.audit.append(record.audit);
    for (const m of messages) this.audited.add(offsetKey(m));
    const nodes = new Map<NodeLabel, NodeOf<NodeLabel>[]>();
    for (const { label, record: node } of view.dirty.values()) {
      const list = nodes.get(label);
      if (list) list.push(node as NodeOf<NodeLabel>);
      else nodes.set(label, [node as NodeOf<NodeLabel>]);
    }
    await this.deps.store.commitEvents({
      nodes: [...nodes].map(([label, records]) => ({ label, records })),
      clocks: [...view.dirtyClocks.values()],
      processed: record.processed,
      receipts: record.receipts,
      outbox: record.outbox,
    });
    for (const m of messages) this.audited.delete(offsetKey(m));
  }
}
