/**
 * The outbox port: what the platform's own writers (announcements, cooperation, consent requests)
 * need to tell the other side of the boundary. A write builds its outbound event here and queues it
 * in the same store commit as the write (the transactional outbox of services/graph); `flush`
 * publishes what the commits queued. The connectors implement it (connectors/pipeline/outbox.ts,
 * in the partners' dialects) and the composition root (services/platform) wires it, so no service
 * imports the connectors (the dependency-cruiser rule services-do-not-import-connectors).
 */
import type { Announcement, ConsentRequest, JurisdictionId, Practice, Question } from '../../schema/domain/index.js';
import type { OutboxMessage } from '../graph/graph-store.port.js';

export interface Outbox {
  /** A published, corrected or withdrawn announcement, for the other side; null when none goes. */
  announcement(announcement: Announcement): OutboxMessage | null;
  /** A shared practice, in the dialect of its side's partners; null when none goes. */
  practice(practice: Practice): OutboxMessage | null;
  /** A question on a practice, for the practice's side; null when none goes. */
  question(question: Question): OutboxMessage | null;
  /** A consent request, for the consent manager of the resident's side (`origin`); null when there is none. */
  consentRequested(request: ConsentRequest, origin: JurisdictionId): OutboxMessage | null;
  /** Publishes what the commits queued; what fails is retried by later flushes. */
  flush(): Promise<unknown>;
}
