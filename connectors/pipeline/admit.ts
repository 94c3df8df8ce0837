/**
 * The admit step: the door's limits, decoding and validation of one message, in that order, so
 * nothing recursive ever meets a message too big or too deep. Whatever one of them throws is that
 * message's fault, refused as PROCESSING_FAILED, never the batch's.
 */
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import { decode, STRUCTURED } from './cloudevents.js';
import { checkMessage, type DoorLimits } from './door.js';
import type { Rejection } from './rejection.js';
import { digestOf, type Validated, validate } from './validate.js';

export interface Admitted {
  readonly message: DeliveredMessage;
  /** The digest of the decoded event (null when it did not decode): what "the same payload" means. */
  readonly digest: string | null;
  readonly validated: Validated;
}

/** An exception in one event's processing, as that event's rejection. */
export const failed = (error: unknown, stage: Rejection['stage']): Rejection => ({
  code: 'PROCESSING_FAILED',
  message: `processing the event failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000),
  stage,
});

// At module level, not a closure made per message: tsx (esbuild's keepNames) names every closure it
// makes, and naming one per message cost more than the rest of this step (measured, bench:ingest).
const refused = (message: DeliveredMessage, rejection: Rejection): Admitted => ({
  message,
  digest: null,
  validated: { ok: false, rejection, key: null },
});

export function admit(message: DeliveredMessage, { limits, now }: { limits: DoorLimits; now: Date }): Admitted {
  try {
    const structured = (message.headers['content-type'] ?? '').startsWith(STRUCTURED);
    const limit = checkMessage(message, limits, structured);
    if (limit) return refused(message, limit);
    const decoded = decode(message);
    if (!decoded.ok) return refused(message, { code: decoded.code, message: decoded.message, stage: 'decode' });
    const digest = digestOf(decoded.event);
    return { message, digest, validated: validate(decoded.event, { limits, now, digest }) };
  } catch (error) {
    return refused(message, failed(error, 'validate'));
  }
}
