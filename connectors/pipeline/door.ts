/**
 * The limits every message meets at the door, before anything parses or walks it: a message too
 * big or nested too deep would otherwise exhaust memory or the stack in a later, recursive stage,
 * and fail again on every retry. Ids must be printable and short, since they key the dedupe ledger
 * and the dead-letter headers. Limits come from the configuration (services/platform/config.ts).
 */
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import type { Rejection } from './rejection.js';

export interface DoorLimits {
  /** Bytes of body and headers together. @default 262144 (256 KiB) */
  readonly maxBytes: number;
  /** Nesting of arrays and objects in the data. @default 32 */
  readonly maxDepth: number;
  /** Characters of an event id. @default 256 */
  readonly maxIdLength: number;
  /** How far an event's time may lie ahead of the clock. @default 300000 (5 minutes) */
  readonly maxSkewMs: number;
}

export const DEFAULT_LIMITS: DoorLimits = {
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxIdLength: 256,
  maxSkewMs: 5 * 60_000,
};

const refuse = (code: string, message: string): Rejection => ({ code, message, stage: 'decode' });

/**
 * The deepest nesting of a JSON text (its UTF-8 bytes), counted without parsing (brackets inside strings skipped);
 * stops counting once past `limit`, so a hostile text costs one pass at most. The bytes need no
 * decoding first: every byte of a multi-byte character is ≥ 0x80, so quotes, backslashes
 * and brackets are found the same in the bytes as in the text.
 */
export function jsonDepth(text: Uint8Array, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as number;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Size and depth of a message as it arrived; null when it may pass. */
export function checkMessage(
  message: Pick<DeliveredMessage, 'headers' | 'value'>,
  limits: DoorLimits,
  structured: boolean,
): Rejection | null {
  let bytes = message.value.length;
  for (const [name, value] of Object.entries(message.headers)) bytes += name.length + value.length;
  if (bytes > limits.maxBytes)
    return refuse('EVENT_TOO_LARGE', `the message is ${bytes} bytes, over the ${limits.maxBytes}-byte limit`);
  // A structured-mode body holds the envelope too: its data is one level further in.
  const allowed = limits.maxDepth + (structured ? 1 : 0);
  const depth = jsonDepth(message.value, allowed);
  if (depth > allowed)
    return refuse('EVENT_TOO_DEEP', `the data is nested more than ${limits.maxDepth} levels deep (limit)`);
  return null;
}

// Letters, marks, numbers, punctuation, symbols and the plain space: no control, format,
// separator or unassigned characters, which could hide a different id behind the same look.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

/** Why an id may not key the ledger, or null. */
export function badId(id: string, maxLength: number): string | null {
  if (id.length > maxLength) return `'id' is ${id.length} characters, over the ${maxLength}-character limit`;
  if (!PRINTABLE.test(id) || id.trim() !== id) return "'id' holds a character that is not printable";
  return null;
}
