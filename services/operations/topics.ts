/**
 * What flows through the topics, for operators: the outbound topics with their latest messages (from
 * the durable log, embedded mode or Kafka), and each partner system's inbound traffic per event type
 * over the last hour and day (accepted, and rejected by reason), from the counts the connectors keep
 * beside the counter `/metrics` serves (./event-traffic.ts).
 */

import type { OperationsDeps } from './dead-letters.js';
import type { PartnerInfo } from './event-desk.port.js';
import type { Tally } from './event-traffic.js';

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

export type { Tally } from './event-traffic.js';

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

/** Each partner's traffic per event type of the last day, with its last hour, from the connectors' counts. */
export function partnerTraffic({ events, traffic }: Pick<OperationsDeps, 'events' | 'traffic'>): PartnerTraffic[] {
  const hour = traffic.window(HOUR);
  const day = traffic.window(24 * HOUR);
  return events.partners.map((partner) => {
    const types = [...(day.get(partner.source) ?? new Map<string, Tally>())].map(([type, tally]) => ({
      type,
      day: tally,
      hour: hour.get(partner.source)?.get(type) ?? { accepted: 0, rejected: new Map<string, number>() },
    }));
    return { partner, types: types.sort((a, b) => a.type.localeCompare(b.type)) };
  });
}
