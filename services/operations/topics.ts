/**
 * What flows through the topics, for operators: the outbound topics with their latest messages, and
 * each partner system's inbound traffic per event type over the last hour and day (accepted, and
 * rejected by reason), from the durable log and the connectors' receipts, embedded mode or Kafka.
 */

import type { Receipt } from '../graph/graph-store.port.js';
import type { OperationsDeps } from './dead-letters.js';
import type { PartnerInfo } from './event-desk.port.js';

export interface TopicMessage {
  readonly partition: number;
  readonly offset: string;
  readonly appendedAt: string;
  readonly id: string | null;
  readonly type: string | null;
  readonly subject: string | null;
}

export interface TopicView {
  readonly topic: string;
  readonly total: number;
  /** Newest first. */
  readonly recent: TopicMessage[];
}

export async function outboundTopics({ events }: Pick<OperationsDeps, 'events'>, last: number): Promise<TopicView[]> {
  return Promise.all(
    events.outboundTopics.map(async (topic) => {
      const all = await events.messages(topic);
      const recent = all
        .toSorted((a, b) => Number(b.timestamp) - Number(a.timestamp) || Number(b.offset) - Number(a.offset))
        .slice(0, last)
        .map((m) => ({
          partition: m.partition,
          offset: m.offset,
          appendedAt: new Date(Number(m.timestamp)).toISOString(),
          id: m.id,
          type: m.type,
          subject: m.subject,
        }));
      return { topic, total: all.length, recent };
    }),
  );
}

export interface Tally {
  accepted: number;
  rejected: Map<string, number>;
}

export interface TypeTraffic {
  readonly type: string;
  readonly hour: Tally;
  readonly day: Tally;
}

export interface PartnerTraffic {
  readonly partner: PartnerInfo;
  readonly types: TypeTraffic[];
}

const HOUR = 3_600_000;

/** Inbound messages of the last day with their receipts (messages not yet handled are left out). */
async function handledLastDay(deps: OperationsDeps, topic: string, now: Date) {
  const messages = (await deps.events.messages(topic)).filter((m) => now.getTime() - Number(m.timestamp) < 24 * HOUR);
  const receipts = new Map<string, Receipt>();
  for (const partition of new Set(messages.map((m) => m.partition))) {
    // Offsets are decimal strings that may outgrow a number: ordered as BigInts.
    const offsets = messages
      .filter((m) => m.partition === partition)
      .map((m) => BigInt(m.offset))
      .toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const [from, to] = [String(offsets[0]), String(offsets.at(-1))];
    for (const r of await deps.store.receipts({ topic, partition, from, to }))
      receipts.set(`${r.partition}/${r.offset}`, r);
  }
  return messages.flatMap((m) => {
    const receipt = receipts.get(`${m.partition}/${m.offset}`);
    return receipt ? [{ message: m, receipt, source: m.source ?? receipt.source, type: m.type ?? '(unreadable)' }] : [];
  });
}

export async function partnerTraffic(deps: OperationsDeps, now: Date): Promise<PartnerTraffic[]> {
  const handled = (await Promise.all(deps.events.inboundTopics.map((t) => handledLastDay(deps, t, now)))).flat();
  return deps.events.partners.map((partner) => {
    const byType = new Map<string, TypeTraffic>();
    for (const h of handled.filter((x) => x.source === partner.source)) {
      const t = byType.get(h.type) ?? { type: h.type, hour: tally(), day: tally() };
      byType.set(h.type, t);
      const windows = now.getTime() - Number(h.message.timestamp) < HOUR ? [t.hour, t.day] : [t.day];
      for (const w of windows) count(w, h.receipt);
    }
    return { partner, types: [...byType.values()].sort((a, b) => a.type.localeCompare(b.type)) };
  });
}

const tally = (): Tally => ({ accepted: 0, rejected: new Map() });

function count(t: Tally, r: Receipt): void {
  if (r.disposition !== 'rejected') t.accepted++;
  else t.rejected.set(r.reason ?? 'UNKNOWN', (t.rejected.get(r.reason ?? 'UNKNOWN') ?? 0) + 1);
}
