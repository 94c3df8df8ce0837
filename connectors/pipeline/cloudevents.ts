/**
 * CloudEvents 1.0 on a message, in the Kafka protocol binding: binary mode (attributes in `ce_*`
 * headers, `content-type` for `datacontenttype`, the data as the body) and structured mode
 * (`content-type: application/cloudevents+json`, the whole event as the body). The platform writes
 * binary mode; it reads both, so a line that is not even JSON still reaches the dead-letter queue.
 */
import { isUtf8 } from 'node:buffer';
import type { DeliveredMessage, OutgoingMessage } from '../transport/event-transport.port.js';

export const STRUCTURED = 'application/cloudevents+json';

/** A `datacontenttype` whose data is JSON (parsed), any other is carried as text. */
const JSON_MEDIA_TYPE = /^application\/(.+\+)?json$/;

export interface CloudEvent {
  readonly specversion?: unknown;
  readonly id?: unknown;
  readonly source?: unknown;
  readonly type?: unknown;
  readonly subject?: unknown;
  readonly time?: unknown;
  readonly datacontenttype?: unknown;
  readonly data?: unknown;
  readonly [extension: string]: unknown;
}

/** A CloudEvent as a binary-mode message, keyed so one subject's events stay in order. */
export function toBinary(event: CloudEvent): OutgoingMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null) continue;
    headers[`ce_${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  headers['content-type'] = typeof event.datacontenttype === 'string' ? event.datacontenttype : 'application/json';
  const key =
    typeof event.subject === 'string' && event.subject ? event.subject : typeof event.id === 'string' ? event.id : null;
  return { key, value: Buffer.from(JSON.stringify(event.data ?? null), 'utf8'), headers };
}

/** Bytes that are not an event object travel in structured mode, as they are. */
export const rawStructured = (bytes: Buffer): OutgoingMessage => ({
  key: null,
  value: bytes,
  headers: { 'content-type': STRUCTURED },
});

export type Decoded = { ok: true; event: CloudEvent } | { ok: false; code: string; message: string };

export function decode(message: Pick<DeliveredMessage, 'headers' | 'value'>): Decoded {
  const contentType = message.headers['content-type'] ?? '';
  // Read lossily, bytes that are not UTF-8 would become U+FFFD: another event than the one sent.
  if (!isUtf8(message.value))
    return { ok: false, code: 'BROKEN_UTF8', message: 'the message is not valid UTF-8 (CloudEvents JSON is UTF-8)' };
  const text = message.value.toString('utf8');
  if (contentType.startsWith(STRUCTURED)) {
    try {
      const event = JSON.parse(text) as unknown;
      if (typeof event !== 'object' || event === null || Array.isArray(event))
        return { ok: false, code: 'BROKEN_JSON', message: 'a structured-mode event must be a JSON object' };
      return { ok: true, event: event as CloudEvent };
    } catch (error) {
      return { ok: false, code: 'BROKEN_JSON', message: `the message is not valid JSON (${(error as Error).message})` };
    }
  }
  // Plain loops, no Object.entries pairs and no split array: this runs once per event (bench:ingest).
  const event: Record<string, unknown> = {};
  const headers = message.headers;
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name.startsWith('ce_')) event[name.slice(3)] = headers[name];
  }
  if (contentType) {
    const semicolon = contentType.indexOf(';');
    event.datacontenttype = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim();
  }
  if (contentType && !JSON_MEDIA_TYPE.test(event.datacontenttype as string)) {
    event.data = text;
    return { ok: true, event };
  }
  try {
    event.data = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, code: 'BROKEN_JSON', message: `the data is not valid JSON (${(error as Error).message})` };
  }
  return { ok: true, event };
}
