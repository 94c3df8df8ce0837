/**
 * The AsyncAPI 3 document of the platform's topics and event types, generated from the zod
 * contracts (JSON Schema for each payload): the partner dialects inbound, the platform's own events
 * and the dialects it speaks outbound, the dead-letter queue. `npm run schema:print` writes it to
 * `schema/asyncapi.json`; a test fails when the committed file differs from the code.
 */
import { z } from 'zod';
import { EVENT_TYPES, INBOUND_TOPIC, PARTNERS, type Side } from './partners/catalogue.js';
import { SIGNATURE_HEADER } from './partners/event-signature.js';
import { DLQ_HEADERS } from './pipeline/dead-letter.js';
import { PLATFORM_SOURCE, PRACTICE_TYPES } from './pipeline/outbound.js';
import { CONSENT_REQUESTED_CONTRACTS, CONSENT_REQUESTED_TYPE } from './pipeline/outbound-consent.js';
import { PLATFORM_CONTRACTS } from './pipeline/outbound-contracts.js';
import { TOPIC_SPECS, TOPICS } from './transport/event-transport.port.js';

/** Every contract is version 1; a new version gets a new message beside it. */
export const CONTRACT_VERSION = 1;

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Json;
  return rest;
};

/** Partner systems allowed to send a type (its prefix is one of theirs). */
export const sendersOf = (type: string): string[] =>
  PARTNERS.filter((p) => p.typePrefixes.some((prefix) => type.startsWith(prefix))).map((p) => p.source);

/** A partner's signature (connectors/partners/event-signature.ts): who sent it, checked first. */
const SIGNATURE = {
  [SIGNATURE_HEADER]: {
    type: 'string',
    pattern: '^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9_-]+$',
    description:
      '`<key id>:<MAC>`: HMAC-SHA256 (base64url) under a key of the system `ce_source` names (`gba partners` lists the ids), over the JSON array of the `ce_*` and `content-type` headers as [name, value] pairs sorted by name, a newline, then the body. Unsigned, signed with another system’s key or a retired one, or not matching: dead-lettered SOURCE_NOT_AUTHENTICATED, KEY_RETIRED or BAD_SIGNATURE.',
  },
};

function headers(type: string, sources: string[], signed = false): Json {
  const ce = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time'];
  return {
    type: 'object',
    required: signed ? [...ce, SIGNATURE_HEADER] : ce,
    properties: {
      ce_specversion: { const: '1.0' },
      ce_id: { type: 'string', description: 'Unique per source; (source, id) is the deduplication key.' },
      ce_source: { type: 'string', enum: sources },
      ce_type: { const: type },
      ce_time: { type: 'string', format: 'date-time', description: 'When it happened at the sender.' },
      ce_subject: { type: 'string', description: 'The entity the event is about; also the message key.' },
      'content-type': { const: 'application/json' },
      ...(signed ? SIGNATURE : {}),
    },
  };
}

const messageName = (type: string) => `${type}.v${CONTRACT_VERSION}`;

export function asyncApiDocument(): Json {
  const messages: Json = {};
  const inbound: Record<Side, string[]> = { hk: [], mainland: [] };
  for (const [type, dialect] of EVENT_TYPES) {
    messages[messageName(type)] = {
      name: type,
      title: `${type} (version ${CONTRACT_VERSION})`,
      summary: `Sent by ${sendersOf(type).join(', ')}.`,
      contentType: 'application/json',
      headers: headers(type, sendersOf(type), true),
      payload: jsonSchema(dialect.contract),
      bindings: { kafka: { key: { type: 'string', description: 'ce_subject' }, bindingVersion: '0.5.0' } },
    };
    inbound[dialect.side].push(messageName(type));
  }
  const platformTypes = Object.keys(PLATFORM_CONTRACTS) as (keyof typeof PLATFORM_CONTRACTS)[];
  for (const type of platformTypes) {
    messages[messageName(type)] = {
      name: type,
      title: `${type} (version ${CONTRACT_VERSION})`,
      summary: 'Sent by the platform.',
      contentType: 'application/json',
      headers: headers(type, [PLATFORM_SOURCE]),
      payload: jsonSchema(PLATFORM_CONTRACTS[type]),
      bindings: { kafka: { key: { type: 'string', description: 'ce_subject' }, bindingVersion: '0.5.0' } },
    };
  }
  // The dialects the platform also speaks outbound: a shared practice, in the receiver's own dialect.
  const outboundDialect = (side: Side) => {
    const type = PRACTICE_TYPES[side];
    const name = `${messageName(type)}.platform`;
    messages[name] = {
      ...(messages[messageName(type)] as Json),
      summary: 'Sent by the platform: a practice shared on the other side, in this side’s dialect.',
      headers: headers(type, [PLATFORM_SOURCE]),
    };
    return name;
  };
  // A consent request goes to the resident's side only, in that side's dialect: one message per side.
  const consentRequested = (side: Side) => {
    const name = `${messageName(CONSENT_REQUESTED_TYPE)}.${side}`;
    messages[name] = {
      name: CONSENT_REQUESTED_TYPE,
      title: `${CONSENT_REQUESTED_TYPE} (version ${CONTRACT_VERSION}, ${side} dialect)`,
      summary: 'Sent by the platform to the resident’s side, so the resident’s app can notify them.',
      contentType: 'application/json',
      headers: headers(CONSENT_REQUESTED_TYPE, [PLATFORM_SOURCE]),
      payload: jsonSchema(CONSENT_REQUESTED_CONTRACTS[side]),
      bindings: {
        kafka: { key: { type: 'string', description: 'ce_subject (the case id)' }, bindingVersion: '0.5.0' },
      },
    };
    return name;
  };
  messages.deadLetter = {
    name: 'dead-letter',
    title: 'A rejected message, as received',
    summary:
      'The original bytes and headers, untouched, with the context in Kafka Connect’s `__connect.errors.*` headers and the reason code.',
    headers: {
      type: 'object',
      required: [DLQ_HEADERS.topic, DLQ_HEADERS.partition, DLQ_HEADERS.offset, DLQ_HEADERS.reason],
      properties: Object.fromEntries(Object.values(DLQ_HEADERS).map((h) => [h, { type: 'string' }])),
    },
    payload: { description: 'The original message value, byte for byte (not necessarily JSON).' },
  };

  const spec = (topic: string) => TOPIC_SPECS.find((t) => t.topic === topic);
  const refs = (names: string[]) => Object.fromEntries(names.map((n) => [n, { $ref: `#/components/messages/${n}` }]));
  const channel = (topic: string, description: string, names: string[]) => ({
    address: topic,
    description,
    messages: refs(names),
    bindings: { kafka: { topic, partitions: spec(topic)?.partitions ?? 1, bindingVersion: '0.5.0' } },
  });
  const platformMessages = platformTypes.map(messageName);
  const channels: Json = {
    inboundHk: channel(TOPICS.inboundHk, 'Hong Kong partner systems to the platform.', inbound.hk),
    inboundMainland: channel(TOPICS.inboundMainland, 'Mainland partner systems to the platform.', inbound.mainland),
    outboundHk: channel(TOPICS.outboundHk, 'The platform to Hong Kong partner systems.', [
      ...platformMessages,
      outboundDialect('hk'),
      consentRequested('hk'),
    ]),
    outboundMainland: channel(TOPICS.outboundMainland, 'The platform to Mainland partner systems.', [
      ...platformMessages,
      outboundDialect('mainland'),
      consentRequested('mainland'),
    ]),
    dlq: channel(TOPICS.dlq, 'Rejected messages; `gba dlq list` and `gba dlq replay` read it.', ['deadLetter']),
  };
  const operation = (action: 'send' | 'receive', name: string, summary: string) => ({
    action,
    summary,
    channel: { $ref: `#/channels/${name}` },
    messages: Object.keys((channels[name] as { messages: Json }).messages).map((m) => ({
      $ref: `#/channels/${name}/messages/${m}`,
    })),
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'GBA Exchange events',
      version: `${CONTRACT_VERSION}.0.0`,
      description:
        'CloudEvents 1.0 in Kafka binary content mode (`ce_*` headers, JSON body). Delivery is at-least-once; the platform applies each (source, id) once. Each partner system changes only the records `x-gba-partner-authority` gives it (record kind and owner: `own-agency` is the system’s agency and the `agencies` its grant names, never a whole jurisdiction; for a case, the jurisdiction that handles (`own-jurisdiction`) or originated it, exactly, and the status moves it may send: only the side that handles a case decides it, the origin side forwards progress and the applicant’s withdrawal), on its own side’s inbound topic; anything else is dead-lettered with a reason code naming the rule. Every inbound event is signed by its system (header `gba_sig`, checked before anything else is judged): the topic says only which side spoke.',
      'x-gba-partner-authority': Object.fromEntries(
        PARTNERS.map((p) => [
          p.source,
          { topic: INBOUND_TOPIC[p.side], agency: p.agency, jurisdiction: p.jurisdiction, authority: p.authority },
        ]),
      ),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'kafka:9092', protocol: 'kafka', description: 'The broker of `docker compose up`.' },
    },
    channels,
    operations: {
      receiveInboundHk: operation('receive', 'inboundHk', 'The connectors consume Hong Kong partner events.'),
      receiveInboundMainland: operation('receive', 'inboundMainland', 'The connectors consume Mainland events.'),
      sendOutboundHk: operation('send', 'outboundHk', 'The platform tells Hong Kong what concerns it.'),
      sendOutboundMainland: operation('send', 'outboundMainland', 'The platform tells the Mainland what concerns it.'),
      sendDeadLetter: operation('send', 'dlq', 'Every rejection, with its reason.'),
    },
    components: { messages },
  };
}
