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
 *
 * A sealed replay is judged once (`replayUse`): whoever reads and writes the topic could otherwise copy
 * it there verbatim, and each copy would be one more decision and one more letter
 * (test/connectors/replay-once.test.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveredMessage, OutgoingMessage } from '../transport/event-transport.port.js';
import { DLQ_HEADERS } from './dead-letter.js';

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

/** The ledger's source for the sealed replays judged (`replayUse`); never a partner system's URN. */
export const REPLAY_USED_SOURCE = 'gba:replay-used';

/** The receipt reason of a copy of a sealed replay judged before: a duplicate, not judged, no letter. */
export const REPLAY_ALREADY_USED = 'REPLAY_ALREADY_USED';

/**
 * The ledger key a sealed replay is judged once under (a row under `gba:replay-used`, committed with the
 * batch that judged it): its seal, as bytes. The seal covers the replay id the replayer drew
 * (DLQ_HEADERS.replayId), so no two replays share it, and every copy of one does: a copy with any
 * `gba_dlq_*` header changed fails the seal and is no replay at all. A replay sealed before replay ids
 * has a seal of its own too (it names its letter's offset), and is judged once from now on. Null for a
 * message that is no trusted replay (`withTrustedDlqHeaders` ran first).
 */
export function replayUse(message: Pick<DeliveredMessage, 'headers'>): { source: string; id: string } | null {
  const seal = message.headers[REPLAY_SEAL];
  if (message.headers[DLQ_HEADERS.replayOf] === undefined || seal === undefined) return null;
  // As bytes: the same seal written otherwise in base64 (padding, stray characters) is the same replay.
  return { source: REPLAY_USED_SOURCE, id: Buffer.from(seal, 'base64').toString('hex') };
}
