/**
 * Only the platform's own replayer (`gba dlq replay`, the operators' `replayDeadLetters`) may speak in
 * `gba_dlq_*` headers on an inbound topic: they make a message a replay (judged afresh, not
 * REJECTED_EARLIER) and say what its letter was refused for (whether it may be superseded). A partner
 * writes to the same topics, and its signature leaves these headers out (event-signature.ts), so
 * the replayer seals them: `gba_dlq_seal`, an HMAC-SHA256 under a key derived from the deployment's
 * secret (GATEWAY_SECRET, or DATA_DIR/gateway-secret), over the topic, the key, the bytes and every
 * `gba_dlq_*` header. The pipeline drops every `gba_dlq_*` header of a message whose seal does not
 * hold (or that has none), before anything reads them: the message is then judged as the partner's
 * own resend, which it is. Issue 16; test/connectors/forged-replay-headers.test.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveredMessage, OutgoingMessage } from '../transport/event-transport.port.js';

const PREFIX = 'gba_dlq_';
export const REPLAY_SEAL = 'gba_dlq_seal';

/** The replay seal's key, derived from the deployment's secret so it serves only this. */
export function replaySealKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('gba dlq replay seal v1').digest();
}

function sealOf(key: Buffer, topic: string, message: OutgoingMessage): Buffer {
  const dlq = Object.entries(message.headers)
    .filter(([k]) => k.startsWith(PREFIX) && k !== REPLAY_SEAL)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Length-delimited by JSON: no two different (topic, key, headers) give the same text.
  return createHmac('sha256', key)
    .update(JSON.stringify([topic, message.key, dlq]))
    .update('\n')
    .update(message.value)
    .digest();
}

/** The replay as the replayer sends it to `topic`: its `gba_dlq_*` headers sealed. */
export function sealReplay(key: Buffer, topic: string, message: OutgoingMessage): OutgoingMessage {
  return { ...message, headers: { ...message.headers, [REPLAY_SEAL]: sealOf(key, topic, message).toString('base64') } };
}

/**
 * The message as the pipeline may read it: unchanged when it has no `gba_dlq_*` header or its seal
 * holds under `key`; else without any `gba_dlq_*` header (no key: none is trusted).
 */
export function withTrustedDlqHeaders(message: DeliveredMessage, key: Buffer | undefined): DeliveredMessage {
  const names = Object.keys(message.headers).filter((k) => k.startsWith(PREFIX));
  if (names.length === 0) return message;
  const sent = Buffer.from(message.headers[REPLAY_SEAL] ?? '', 'base64');
  if (key && sent.length === 32 && timingSafeEqual(sent, sealOf(key, message.topic, message))) return message;
  const headers = Object.fromEntries(Object.entries(message.headers).filter(([k]) => !k.startsWith(PREFIX)));
  return { ...message, headers };
}
