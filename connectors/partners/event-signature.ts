/**
 * A partner event's signature: HMAC-SHA256 under one of its system's keys (./partner-keys.ts), in the
 * Kafka record's header `gba_sig` as `<key id>:<base64url MAC>`, over the exact bytes the record
 * carries: every CloudEvents header (`ce_*`) and `content-type`, then the body. Binary and structured
 * mode alike (a structured event's attributes are in its body). The algorithm is the key's, never the
 * header's: nothing a sender writes chooses how it is checked. Headers the platform adds on the way
 * (a dead letter's `__connect.errors.*`, a replay's `gba_dlq_*`) are outside it, so a replayed letter
 * is checked again as it was sent.
 */
import { createHmac } from 'node:crypto';
import type { OutgoingMessage } from '../transport/event-transport.port.js';
import type { PartnerKey } from './partner-keys.js';

export const SIGNATURE_HEADER = 'gba_sig';

type Signed = Pick<OutgoingMessage, 'headers' | 'value'>;

const covered = (name: string) => name.startsWith('ce_') || name === 'content-type';

/** The covered headers as the signature base starts: one JSON array of [name, value] pairs sorted by name. */
function headerPart(message: Signed): string {
  const names = Object.keys(message.headers).filter(covered).sort();
  return `${JSON.stringify(names.map((n) => [n, message.headers[n]]))}\n`;
}

/**
 * The bytes a signature covers: the covered headers first, as one JSON array of [name, value] pairs
 * sorted by name (unambiguous: no value can end the array early), then a newline, then the body's
 * bytes as they are.
 */
export const signatureBase = (message: Signed): Buffer =>
  Buffer.concat([Buffer.from(headerPart(message), 'utf8'), message.value]);

/** The HMAC-SHA256 of a message's signature base under `secret` (fed in two parts: no copy of the body). */
export const macOf = (message: Signed, secret: Buffer): Buffer =>
  createHmac('sha256', secret).update(headerPart(message)).update(message.value).digest();

/** The message as its system sends it: signed with `key`. */
export function signed<M extends Signed>(message: M, key: Pick<PartnerKey, 'id' | 'secret'>): M {
  const mac = macOf(message, key.secret).toString('base64url');
  return { ...message, headers: { ...message.headers, [SIGNATURE_HEADER]: `${key.id}:${mac}` } };
}

/** The key id a message's signature names (`<key id>:<MAC>`), or '' when it is unsigned or names none. */
export function signerOf(headers: Readonly<Record<string, string>>): string {
  const header = headers[SIGNATURE_HEADER];
  const colon = header?.lastIndexOf(':') ?? -1;
  return header === undefined || colon < 0 ? '' : header.slice(0, colon);
}
