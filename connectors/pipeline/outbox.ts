/**
 * The outbox port (services/shared/outbox.port.ts) as the connectors implement it: the platform's
 * own events built in the partners' dialects (outbound.ts, outbound-consent.ts), published by the
 * running connectors' outbox flush that the composition root passes in.
 */
import type { Outbox } from '../../services/shared/outbox.port.js';
import { announcementOutbound, practiceOutbound, questionOutbound } from './outbound.js';
import { consentRequestedOutbound } from './outbound-consent.js';

/**
 * @param flush publishes what the commits queued; without connectors in this process, nothing
 *   (their own schedule publishes it later).
 */
export function connectorsOutbox(flush: () => Promise<unknown> = async () => 0): Outbox {
  return {
    announcement: announcementOutbound,
    practice: practiceOutbound,
    question: questionOutbound,
    consentRequested: consentRequestedOutbound,
    flush,
  };
}
