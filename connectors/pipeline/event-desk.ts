/**
 * The event desk port (services/operations/event-desk.port.ts) as the connectors implement it: the
 * dead-letter queue of dead-letter-queue.ts, replay through a connector run in this process until
 * the letters are handled (drain.ts), topic messages decoded as CloudEvents, the partner catalogue.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../../services/consent/audit/audit-log.port.js';
import type { ReceiptSigner } from '../../services/consent/receipts.js';
import type { GraphStore } from '../../services/graph/graph-store.port.js';
import type { EventDesk } from '../../services/operations/event-desk.port.js';
import type { EventTraffic } from '../../services/operations/event-traffic.js';
import { INBOUND_TOPIC, PARTNERS } from '../partners/catalogue.js';
import { type EventTransport, TOPICS } from '../transport/event-transport.port.js';
import { decode } from './cloudevents.js';
import { deadLetters, resend } from './dead-letter-queue.js';
import { drain } from './drain.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function connectorsEventDesk(deps: {
  transport: EventTransport;
  store: GraphStore;
  audit: AuditLog;
  /** A replayed consent event is stored with its signed receipt, as any other. */
  receipts: ReceiptSigner;
  /** Counts the replays' outcomes with the connectors' own (the counter `/metrics` serves). */
  traffic?: EventTraffic;
  log: Logger;
}): EventDesk {
  const { transport } = deps;
  return {
    partners: PARTNERS,
    inboundTopics: [...new Set(Object.values(INBOUND_TOPIC))],
    outboundTopics: [TOPICS.outboundHk, TOPICS.outboundMainland],
    deadLetters: () => deadLetters(transport),
    replay: async (letters) => {
      const published = await resend(transport, letters);
      if (published.length > 0) await drain({ published, ...deps });
      return published;
    },
    messages: async (topic) =>
      (await transport.readAll(topic)).map((m) => {
        const decoded = decode(m);
        const e = decoded.ok ? decoded.event : {};
        return {
          partition: m.partition,
          offset: m.offset,
          timestamp: m.timestamp,
          id: text(e.id),
          type: text(e.type),
          subject: text(e.subject),
          source: text(e.source),
        };
      }),
  };
}
