/**
 * `gba ingest <file.jsonl> [--topic T]`: sends each line as a CloudEvent (binary mode; a line that is
 * not a JSON object goes as it is, in structured mode, so it reaches the dead-letter queue), then
 * waits for the connectors and prints what became of every event. An event sent again as it was
 * when it was rejected is rejected again (REJECTED_EARLIER, its dead letter still in the queue), not
 * a duplicate; an applied one sent again is a duplicate. It exits 65 when any event was rejected.
 *
 * Every partner event must be signed by its system (connectors/pipeline/authenticate.ts); this sends a
 * line signed only when given its system's key: `--sign` signs each line with the key of the system
 * its source names, `--as <source>` signs every line as that one system (what that system, and only
 * it, can send), each from the keyring `--keys <file>` (default: the platform's, PARTNER_KEYS_FILE or
 * the dev twin's in DATA_DIR). Without either, lines go unsigned, and the connectors refuse them.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { INBOUND_TOPIC, partnerBySource } from '../../connectors/partners/catalogue.js';
import { signed } from '../../connectors/partners/event-signature.js';
import { loadPartnerKeys, type PartnerKeyring } from '../../connectors/partners/partner-keys.js';
import { REJECTED_EARLIER } from '../../connectors/pipeline/batch-record.js';
import { decode, rawStructured, toBinary } from '../../connectors/pipeline/cloudevents.js';
import { deadLetters } from '../../connectors/pipeline/dead-letter-queue.js';
import { noIdKey } from '../../connectors/pipeline/dedupe.js';
import { ConnectorsBehind, drain, type Published, type Summary } from '../../connectors/pipeline/drain.js';
import { digestOf } from '../../connectors/pipeline/validate.js';
import {
  type EventTransport,
  type OutgoingMessage,
  TOPIC_SPECS,
  TOPICS,
} from '../../connectors/transport/event-transport.port.js';
import type { GraphStore, Receipt } from '../graph/graph-store.port.js';
import { isEmpty } from '../graph/seed/seed-graph.js';
import { maskedMessage } from '../operations/mask.js';
import { openPipeline } from '../platform/adapters.js';
import { platformRunsOn, storeUrl } from '../platform/running-marker.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { shownEventId } from './shown.js';
import { oneLine } from './terminal-safe.js';

const CHUNK = 500;

/** The exit status when the connectors did not catch up in time (sysexits' EX_TEMPFAIL). */
const EXIT_BEHIND = 75;

/** The exit status when any event was rejected (sysexits' EX_DATAERR). */
export const EXIT_REJECTED = 65;

export interface Line {
  readonly topic: string | null;
  /** The source the line names (a partner's or not), when it is a JSON object that names one. */
  readonly source?: string;
  readonly message: OutgoingMessage;
  /** Why the line could not be sent as an event: it goes as it is, and is reported. */
  readonly problem?: string;
  readonly line: number;
}

/**
 * One message per non-empty line; a line that cannot be read (not UTF-8) or re-encoded goes as it is
 * (to the dead-letter queue). Read as bytes: a line of invalid UTF-8 read as text would have its bytes
 * replaced (U+FFFD) and go in as another event than the one written (found by a tester, probe 9 row 18).
 */
export function messagesOf(bytes: Buffer | string): Line[] {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const lines: Line[] = [];
  let start = 0;
  for (let n = 1; start <= data.length; n++) {
    const end = data.indexOf(0x0a, start);
    const line = data.subarray(start, end < 0 ? data.length : end);
    start = end < 0 ? data.length + 1 : end + 1;
    if (!isUtf8(line))
      lines.push({ topic: null, message: rawStructured(Buffer.from(line)), problem: 'not valid UTF-8', line: n });
    else {
      const text = line.toString('utf8');
      if (text.trim() !== '') lines.push(messageOf(text, n));
    }
  }
  return lines;
}

function messageOf(line: string, number: number): Line {
  const raw = (problem: string): Line => ({
    topic: null,
    message: rawStructured(Buffer.from(line, 'utf8')),
    problem,
    line: number,
  });
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    return raw(`not JSON (${(error as Error).message})`);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return raw('not a JSON object');
  // Test metadata of the sample files, not a CloudEvents attribute.
  const { _expect: _, ...rest } = event;
  const side = typeof rest.source === 'string' ? partnerBySource.get(rest.source)?.side : undefined;
  const source = typeof rest.source === 'string' ? { source: rest.source } : {};
  try {
    return { topic: side ? INBOUND_TOPIC[side] : null, message: toBinary(rest), line: number, ...source };
  } catch (error) {
    // e.g. nested too deep to encode again: the connectors' door refuses it with its reason.
    return {
      ...raw(`cannot be re-encoded (${(error as Error).message})`),
      topic: side ? INBOUND_TOPIC[side] : null,
      ...source,
    };
  }
}

/** How the lines are signed: as the system each names (`--sign`), as one system (`--as`), or not at all. */
export type Signing = { readonly as: 'named' } | { readonly as: string } | null;

/**
 * The lines signed as `signing` says with the keyring's keys; a line whose system has no key to sign
 * with goes unsigned, and is reported (the connectors refuse it SOURCE_NOT_AUTHENTICATED).
 */
export function signLines(
  lines: readonly Line[],
  signing: Signing,
  keys: PartnerKeyring,
  warn: (line: string) => void,
): Line[] {
  if (!signing) return [...lines];
  const told = new Set<string>();
  return lines.map((l) => {
    const system = signing.as === 'named' ? l.source : signing.as;
    const key = system === undefined ? undefined : keys.signing(system);
    if (!key) {
      if (system !== undefined && !told.has(system))
        warn(`gba ingest: line ${l.line} and any other of ${system}: no key of it in ${keys.where}; sent unsigned`);
      if (system !== undefined) told.add(system);
      return l;
    }
    return { ...l, message: signed(l.message, key) };
  });
}

const USAGE = 'usage: gba ingest <file.jsonl> [--topic T] [--sign | --as <source>] [--keys <keyring.json>] [--json]';
const VALUED = ['--topic', '--as', '--keys'];

/** `--sign` / `--as <source>`, checked: null when neither; a string when the line is wrong (exit 64). */
function signingOf(args: readonly string[]): Signing | string {
  const as = args.indexOf('--as');
  if (as >= 0 && args.includes('--sign')) return 'gba ingest: --sign and --as exclude each other';
  if (as < 0) return args.includes('--sign') ? { as: 'named' } : null;
  const source = args[as + 1];
  if (!source || source.startsWith('--')) return USAGE;
  if (!partnerBySource.has(source))
    return `gba ingest: --as ${oneLine(source)} is not a partner system (gba partners lists them)`;
  return { as: source };
}

/** The keyring to sign with: `--keys <file>`, else the platform's (its dev twin's made on first use). */
function signingKeys(args: readonly string[], platform: PartnerKeyring): PartnerKeyring {
  const at = args.indexOf('--keys');
  return at >= 0 ? loadPartnerKeys(args[at + 1] as string) : platform;
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

export function summaryLines(summary: Summary): string[] {
  const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
  return [
    `${summary.total} events: ${summary.applied + summary.stale} accepted (${summary.applied} applied, ${summary.stale} older than the state they concern, recorded only), ${summary.duplicates} duplicates, ${rejected} rejected`,
    ...Object.entries(summary.rejected)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `  rejected ${code}: ${n}`),
  ];
}

/** What became of each published message, in order (one not handled yet is left out). */
export async function receiptsOf(store: GraphStore, published: readonly Published[]): Promise<Receipt[]> {
  const out: Receipt[] = [];
  for (const p of published) {
    const [r] = await store.receipts({ topic: p.topic, partition: p.partition, from: p.offset, to: p.offset });
    if (r) out.push(r);
  }
  return out;
}

/** The letters of messages with no usable id, by the key of their bytes (the latest of each). */
function lettersByBytes(letters: Awaited<ReturnType<typeof deadLetters>>) {
  const byBytes = new Map<string, (typeof letters)[number]>();
  for (const l of letters) if (l.entry.eventId === null) byBytes.set(noIdKey({ ...l.raw, topic: l.entry.topic }).id, l);
  return byBytes;
}

/** The digest of an event's payload as dedupe knows it (admit.ts); null when it does not decode. */
function payloadOf(m: Pick<OutgoingMessage, 'headers' | 'value'>): string | null {
  const decoded = decode(m);
  return decoded.ok ? digestOf(decoded.event) : null;
}

/** The letter of `r`'s id that holds the bytes sent (an id may have one letter a payload), else its latest. */
function letterOf(letters: Awaited<ReturnType<typeof deadLetters>>, r: Receipt, bytes: OutgoingMessage | undefined) {
  // On its topic: a letter of these bytes sent on the other side's topic is another letter (pipeline.ts `knownAs`).
  const mine = letters.filter(
    (l) => l.entry.eventId === r.eventId && l.entry.source === r.source && l.entry.topic === r.topic,
  );
  const digest = bytes ? payloadOf(bytes) : null;
  return mine.findLast((l) => digest !== null && payloadOf(l.raw) === digest) ?? mine.at(-1);
}

/**
 * A line for each event sent again as it was when it was rejected: still rejected, for its reason
 * then, its dead letter waiting in the queue for a replay once the cause is fixed. `sent[i]` is what
 * went out as `published[i]` (an event with no usable id is known by its bytes).
 */
async function rejectedEarlier(
  store: GraphStore,
  transport: EventTransport,
  published: readonly Published[],
  sent: readonly OutgoingMessage[],
): Promise<string[]> {
  const again: { r: Receipt; bytes: OutgoingMessage | undefined }[] = [];
  for (const [i, p] of published.entries()) {
    const [r] = await store.receipts({ topic: p.topic, partition: p.partition, from: p.offset, to: p.offset });
    if (r?.reason === REJECTED_EARLIER) again.push({ r, bytes: sent[i] });
  }
  if (again.length === 0) return [];
  const letters = await deadLetters(transport);
  const byBytes = lettersByBytes(letters);
  return again.map(({ r, bytes }) => {
    const id = shownEventId(r.eventId);
    const letter =
      r.eventId === null ? bytes && byBytes.get(noIdKey({ ...bytes, topic: r.topic }).id) : letterOf(letters, r, bytes);
    return letter
      ? `  ${id}  rejected earlier: ${letter.entry.reason}, in the dead-letter queue; fix the cause and run gba dlq replay --offset ${letter.entry.dlqOffset}`
      : `  ${id}  rejected earlier; see gba dlq list`;
  });
}

export async function runIngest(args: readonly string[], io: CommandIo): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !VALUED.includes(args[i - 1] as string));
  const topicAt = args.indexOf('--topic');
  const topic = topicAt >= 0 ? args[topicAt + 1] : undefined;
  const keysAt = args.indexOf('--keys');
  if (!file || (topicAt >= 0 && !topic) || (keysAt >= 0 && !args[keysAt + 1])) {
    io.err(USAGE);
    return 64;
  }
  const signing = signingOf(args);
  if (typeof signing === 'string') {
    io.err(signing);
    return 64;
  }
  // Partners speak only on the inbound topics: the outbound, dead-letter and audit topics are the
  // platform's own, and an event written there would reach consumers as if the platform had sent it.
  const inbound = Object.values(INBOUND_TOPIC);
  if (topic && !inbound.includes(topic)) {
    io.err(oneLine(`gba ingest: --topic ${topic} is not an inbound partner topic (${inbound.join(', ')})`));
    return 64;
  }
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    io.err(oneLine(`gba ingest: cannot read ${file}: ${(error as Error).message}`));
    return 66;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const pipeline = await openPipeline(config, pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2)));
  const { store, transport } = pipeline;
  try {
    await store.init();
    await transport.ensureTopics(TOPIC_SPECS);
    if (await isEmpty(store))
      io.err(
        oneLine(
          `gba ingest: warning: the graph store ${storeUrl(config)} is empty; is DATA_DIR (${config.dataDir}) right?`,
        ),
      );
    if (!platformRunsOn(config))
      io.err(
        `gba ingest: warning: no running platform uses ${storeUrl(config)}; this command applies the events itself`,
      );
    let keys: PartnerKeyring;
    try {
      keys = signingKeys(args, pipeline.partnerKeys);
    } catch (error) {
      io.err(oneLine(`gba ingest: cannot read the keys: ${(error as Error).message}`));
      return 66;
    }
    const messages = signLines(messagesOf(text), signing, keys, (l) => io.err(oneLine(l)));
    for (const m of messages)
      if (m.problem)
        io.err(
          oneLine(`gba ingest: line ${m.line}: ${maskedMessage(m.problem)}; sent as it is, for the dead-letter queue`),
        );
    const published: Published[] = [];
    const sent: OutgoingMessage[] = [];
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) {
      const t = topic ?? m.topic ?? TOPICS.inboundHk;
      byTopic.set(t, [...(byTopic.get(t) ?? []), m.message]);
    }
    for (const [t, list] of byTopic) {
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list.slice(i, i + CHUNK);
        published.push(...(await transport.publish(t, chunk)).map((s) => ({ topic: t, ...s })));
        sent.push(...chunk);
        io.err(`sent      ${bar(published.length, messages.length)}`);
      }
    }
    let last = -1;
    let summary: Summary;
    try {
      summary = await drain({
        ...pipeline,
        published,
        now: io.now,
        onProgress: (n) => {
          if (n !== last) io.err(`processed ${bar(n, messages.length)}`);
          last = n;
        },
      });
    } catch (error) {
      // Not a crash: the connectors are slow or stopped. One line says so, no stack trace.
      if (!(error instanceof ConnectorsBehind)) throw error;
      io.err(`gba ingest: ${error.message}; the events are sent, and will be applied when they catch up`);
      return EXIT_BEHIND;
    }
    const json = args.includes('--json');
    if (json) io.out(JSON.stringify(summary));
    else for (const line of summaryLines(summary)) io.out(line);
    // stdout stays one JSON document with --json: the lines go to stderr then.
    for (const line of await rejectedEarlier(store, transport, published, sent))
      (json ? io.err : io.out)(oneLine(line));
    // Like a compiler with errors: a script that feeds events learns that some did not go in.
    return Object.keys(summary.rejected).length > 0 ? EXIT_REJECTED : 0;
  } finally {
    await pipeline.close();
  }
}
