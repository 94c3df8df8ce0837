/**
 * The event desk port (services/operations/event-desk.port.ts) as the connectors implement it: the
 * dead-letter queue of dead-letter-queue.ts, replay through a connector run in this process until
 * the letters are handled (drain.ts), topic messages decoded as CloudEvents, the partner catalogue.
 */
import type { EventDesk } from '../../services/operations/event-desk.port.js';
import { INBOUND_TOPIC, PARTNERS } from '../partners/catalogue.js';
import { TOPICS } from '../transport/event-transport.port.js';
import { decode } from './cloudevents.js';
import { DEFAULT_LEASE_MS, deadLetters, replayedLetters, replayerName, resend } from './dead-letter-queue.js';
import { type DrainDeps, drain } from './drain.js';
import { replaySealKey } from './replay-seal.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The drain's dependencies, the door's limits included: a replayed letter passes the configured door.
 * A replay claims its letters for `leaseMs` (DLQ_CLAIM_LEASE_SECONDS) on the wall clock.
 */
export function connectorsEventDesk(deps: DrainDeps, { leaseMs = DEFAULT_LEASE_MS } = {}): EventDesk {
  const { transport } = deps;
  const seal = deps.logKey ? replaySealKey(deps.logKey) : undefined;
  const replayer = { name: replayerName("operators' API"), now: () => new Date(), leaseMs, seal };
  return {
    partners: PARTNERS,
    inboundTopics: [...new Set(Object.values(INBOUND_TOPIC))],
    outboundTopics: [TOPICS.outboundHk, TOPICS.outboundMainland],
    deadLetters: () => deadLetters(transport),
    replayedLetters: () => replayedLetters(transport),
    replay: async (letters) => {
      const published = await resend(transport, letters, replayer);
      const sent = published.filter((p) => p !== null);
      if (sent.length > 0) await drain({ published: sent, ...deps });
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
