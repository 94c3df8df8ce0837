/**
 * Waits until the connectors have handled given messages (their group committed past them), running
 * a connector in this process meanwhile: if `gba start` holds the partitions, it does the work and
 * this one only waits. Then reads what became of each message from the receipts.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import type { ReceiptSigner } from '../../services/consent/receipts.js';
import type { Disposition, GraphStore } from '../../services/graph/graph-store.port.js';
import type { EventTraffic } from '../../services/operations/event-traffic.js';
import type { PartnerKeyring } from '../partners/partner-keys.js';
import { CONNECTOR_GROUP, type EventTransport } from '../transport/event-transport.port.js';
import { startConnectors } from './connector.js';
import type { DoorLimits } from './door.js';

export interface Published {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface Summary {
  readonly total: number;
  readonly applied: number;
  readonly stale: number;
  readonly duplicates: number;
  readonly rejected: Record<string, number>;
}

/** The connectors handled less than was sent within the wait: a condition to report, not a crash. */
export class ConnectorsBehind extends Error {
  constructor(timeoutMs: number) {
    super(`the connectors did not catch up within ${timeoutMs / 1000} s`);
    this.name = 'ConnectorsBehind';
  }
}

/** What a connector run here needs: the engines, the receipts signer, the counter, the door's limits. */
export interface DrainDeps {
  transport: EventTransport;
  store: GraphStore;
  audit: AuditLog;
  /** Signs the receipts of the consent changes the drained events make. */
  receipts: ReceiptSigner;
  /** Counts what the connector started here handles (the operators' replays count so). */
  traffic?: EventTraffic;
  log: Logger;
  /** The deployment's secret, keying the persons' pseudonyms in the connectors' logs (log-privacy.ts). */
  logKey?: string | undefined;
  /** The door's limits (the configuration's). @default DEFAULT_LIMITS */
  limits?: DoorLimits;
  /** The partner systems' keys (the configuration's keyring). */
  partnerKeys: PartnerKeyring;
}

export async function drain({
  published,
  transport,
  store,
  audit,
  receipts,
  traffic,
  log,
  logKey,
  timeoutMs = 300_000,
  onProgress,
  now,
  limits,
  partnerKeys,
}: DrainDeps & {
  published: readonly Published[];
  timeoutMs?: number;
  onProgress?: (handled: number) => void;
  /** The pipeline's clock (outbound consent decisions). @default the wall clock */
  now?: () => Date;
}): Promise<Summary> {
  const targets = new Map<string, { topic: string; partition: number; from: bigint; to: bigint }>();
  for (const p of published) {
    const k = `${p.topic}/${p.partition}`;
    const o = BigInt(p.offset);
    const t = targets.get(k);
    targets.set(
      k,
      t
        ? { ...t, from: o < t.from ? o : t.from, to: o > t.to ? o : t.to }
        : { topic: p.topic, partition: p.partition, from: o, to: o },
    );
  }
  const connectors = await startConnectors({
    transport,
    store,
    audit,
    receipts,
    traffic,
    log,
    logKey,
    now,
    limits,
    partnerKeys,
    maxBatchSize: Number(process.env.GBA_BATCH ?? 500),
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      let handled = 0;
      let waiting = false;
      for (const t of targets.values()) {
        const committed = BigInt((await transport.committedOffsets(CONNECTOR_GROUP, t.topic)).get(t.partition) ?? '0');
        const upTo = committed > t.to + 1n ? t.to + 1n : committed;
        if (upTo > t.from) handled += Number(upTo - t.from);
        if (committed <= t.to) waiting = true;
      }
      onProgress?.(handled);
      if (!waiting) break;
      if (Date.now() > deadline) throw new ConnectorsBehind(timeoutMs);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await connectors.stop();
  }
  return summarise(published, targets, store);
}

/**
 * What became of the published messages, from their receipts: a range that holds only them (gba
 * ingest's own run is one unbroken range per partition) is counted by the store (`receiptCounts`,
 * no receipt read one by one: that read was 2% of bench:ingest's pipeline); a range that holds
 * others' messages too, receipt by receipt against a set of the published offsets.
 */
async function summarise(
  published: readonly Published[],
  targets: ReadonlyMap<string, { topic: string; partition: number; from: bigint; to: bigint }>,
  store: GraphStore,
): Promise<Summary> {
  const perRange = new Map<string, number>();
  for (const p of published)
    perRange.set(`${p.topic}/${p.partition}`, (perRange.get(`${p.topic}/${p.partition}`) ?? 0) + 1);
  let wanted: Set<string> | null = null;
  const counts = { applied: 0, stale: 0, duplicates: 0 };
  const rejected: Record<string, number> = {};
  for (const [k, t] of targets) {
    const whole = BigInt(perRange.get(k) ?? 0) === t.to - t.from + 1n;
    const range = { topic: t.topic, partition: t.partition, from: t.from.toString(), to: t.to.toString() };
    const add = (disposition: Disposition, reason: string | null, n: number) => {
      if (disposition === 'applied') counts.applied += n;
      else if (disposition === 'stale') counts.stale += n;
      else if (disposition === 'duplicate') counts.duplicates += n;
      else if (disposition === 'rejected') rejected[reason ?? 'UNKNOWN'] = (rejected[reason ?? 'UNKNOWN'] ?? 0) + n;
    };
    if (whole) {
      for (const c of await store.receiptCounts(range)) add(c.disposition, c.reason, c.count);
      continue;
    }
    wanted ??= new Set(published.map((p) => `${p.topic}/${p.partition}/${p.offset}`));
    for (const r of await store.receipts(range))
      if (wanted.has(`${r.topic}/${r.partition}/${r.offset}`)) add(r.disposition, r.reason, 1);
  }
  return { total: published.length, ...counts, rejected };
}
