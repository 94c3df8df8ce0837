/**
 * SHA-256 in one call. `crypto.hash` (Node ≥ 20.12) costs about half of createHash → update → digest
 * on the short inputs hashed per event and per audit record (an event's digest, the audit chain, the
 * receipt tree); an older Node falls back to createHash. Same bytes in, same hash out.
 */
import * as crypto from 'node:crypto';

const oneShot = typeof crypto.hash === 'function' ? crypto.hash : null;

/** The SHA-256 of `data` (a string is hashed as UTF-8), in hex. */
export const sha256Hex = (data: string | Uint8Array): string =>
  oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');

/** The SHA-256 of `data`, as bytes. */
export const sha256 = (data: Uint8Array): Buffer =>
  oneShot ? oneShot('sha256', data, 'buffer') : crypto.createHash('sha256').update(data).digest();
