/**
 * A partner's event id as `gba` shows it: a partner may build ids from a resident's identity number
 * (A123456(7), 44030019900101123X), so operator output masks them as dead letters' messages are
 * (services/operations/mask.ts). The id itself stays whole in the letter: `gba dlq replay --id` takes
 * the real id, and `--offset` the offset each listing shows beside the masked one.
 */
import { maskedMessage } from '../operations/mask.js';

/** The id, masked; `(no id)` when there is none. */
export const shownEventId = (id: string | null | undefined): string =>
  id === null || id === undefined ? '(no id)' : maskedMessage(id);
