/**
 * The dead-letter queue as tools read it: the letters not yet replayed (a claimed one included, with
 * its claim), the replay that sends one back to its topic, and the operator's release of a claim.
 * `gba dlq` and the operators' API both use these.
 *
 * Beside the letters, `gba.dlq` holds marks (empty messages with headers), read in queue order:
 * - a claim of a letter: a lease, naming the replayer, its time and how long it holds. It takes the
 *   letter when no claim holds it, when the one that holds it has lapsed by the new claim's time, or
 *   when it is the holder's own (a renewal);
 * - a release (an operator's `gba dlq release`): no claim holds the letter any more;
 * - a done mark (`gba_dlq_replayed`): the letter was sent back; it leaves the list. A letter and its
 *   done mark are appended together (`publishTogether`), so a crash never leaves one without the other.
 * The queue has one partition, so every replayer reads the same marks in the same order and agrees on
 * who holds each letter: the claim uses only the transport port, on the embedded log and Kafka alike.
 */

import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type {
  DeadLetter,
  DeadLetterClaim,
  DeadLetterEntry,
  ReplayedLetter,
} from '../../services/operations/event-desk.port.js';
import {
  type DeliveredMessage,
  type EventTransport,
  type OutgoingMessage,
  TOPICS,
  type TopicMessages,
} from '../transport/event-transport.port.js';
import { DLQ_HEADERS } from './dead-letter.js';
import type { Published } from './drain.js';
import { sealReplay } from './replay-seal.js';

export type { DeadLetterEntry } from '../../services/operations/event-desk.port.js';

/** The done mark: the letter at this offset was sent back (before leases, 5bf64fa's claim mark too). */
export const REPLAYED = 'gba_dlq_replayed';

/** How long a claim holds when the configuration says nothing (DLQ_CLAIM_LEASE_SECONDS). */
export const DEFAULT_LEASE_MS = 300_000;

/** Letters sent back per append (one transaction each, with their done marks). */
const CHUNK = 50;

/** Who replays, on which clock, with which lease. */
export interface Replayer {
  /** What and who (`gba dlq replay`, `operators' API`); `replayerName` adds user, host and process. */
  readonly name: string;
  readonly now: () => Date;
  readonly leaseMs: number;
  /**
   * The replay seal's key (replay-seal.ts `replaySealKey` of the deployment's secret): without it the
   * pipeline drops the replay's `gba_dlq_*` headers and judges it as a partner's resend.
   */
  readonly seal?: Buffer | undefined;
}

/** `<what> <user>@<host> pid <pid>`: enough for an operator to find the process a claim names. */
export function replayerName(what: string): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the host and process still name it.
  }
  return `${what} ${user}@${hostname()} pid ${process.pid}`;
}

interface Holder {
  readonly by: string;
  readonly since: number;
  readonly until: number;
}

const isMark = (m: DeliveredMessage): boolean =>
  m.headers[REPLAYED] !== undefined ||
  m.headers[DLQ_HEADERS.claimOf] !== undefined ||
  m.headers[DLQ_HEADERS.releaseOf] !== undefined;

/** A claim takes the letter unless another replayer's claim holds it and has not lapsed by this one's time. */
function take(holders: Map<string, Holder>, offset: string, headers: Readonly<Record<string, string>>): void {
  const by = headers[DLQ_HEADERS.claimant] ?? '';
  const at = Date.parse(headers[DLQ_HEADERS.claimedAt] ?? '');
  const lease = Number(headers[DLQ_HEADERS.leaseMs]);
  if (!Number.isFinite(at) || !Number.isFinite(lease)) return;
  const held = holders.get(offset);
  if (held && held.by !== by && at < held.until) return;
  holders.set(offset, { by, since: held?.by === by ? held.since : at, until: at + lease });
}

/** The queue's marks folded, in order: the letters sent back, and who holds each claimed one. */
function marksOf(all: readonly DeliveredMessage[]): { done: Set<string>; holders: Map<string, Holder> } {
  const done = new Set<string>();
  const holders = new Map<string, Holder>();
  for (const { headers } of all) {
    const [sent, claimed, released] = [REPLAYED, DLQ_HEADERS.claimOf, DLQ_HEADERS.releaseOf].map((h) => headers[h]);
    if (sent !== undefined) done.add(sent);
    else if (claimed !== undefined) take(holders, claimed, headers);
    else if (released !== undefined) holders.delete(released);
  }
  return { done, holders };
}

const claimOf = (holder: Holder | undefined): DeadLetterClaim | null =>
  holder
    ? { by: holder.by, since: new Date(holder.since).toISOString(), until: new Date(holder.until).toISOString() }
    : null;

const entryOf = (m: DeliveredMessage, holder: Holder | undefined): DeadLetterEntry => ({
  dlqOffset: m.offset,
  claim: claimOf(holder),
  reason: m.headers[DLQ_HEADERS.reason] ?? 'UNKNOWN',
  ...firstReasonOf(m.headers),
  message: m.headers[DLQ_HEADERS.message] ?? '',
  eventId: m.headers[DLQ_HEADERS.eventId] || null,
  source: m.headers[DLQ_HEADERS.source] || null,
  time: m.headers[DLQ_HEADERS.rejectedAt] ?? new Date(Number(m.timestamp)).toISOString(),
  topic: m.headers[DLQ_HEADERS.topic] ?? '',
  partition: Number(m.headers[DLQ_HEADERS.partition] ?? 0),
  offset: m.headers[DLQ_HEADERS.offset] ?? '',
});

/** The letter's first reason, when a replay refused it for another (DLQ_HEADERS.firstReason). */
function firstReasonOf(headers: Readonly<Record<string, string>>): { firstReason?: string } {
  const first = headers[DLQ_HEADERS.firstReason];
  return first !== undefined && first !== headers[DLQ_HEADERS.reason] ? { firstReason: first } : {};
}

/** Every letter not sent back yet, oldest first; one a replayer claimed carries its claim. */
export async function deadLetters(
  transport: EventTransport,
): Promise<{ entry: DeadLetterEntry; raw: DeliveredMessage }[]> {
  const all = await transport.readAll(TOPICS.dlq);
  const { done, holders } = marksOf(all);
  return all
    .filter((m) => !isMark(m) && !done.has(m.offset))
    .map((m) => ({ raw: m, entry: entryOf(m, holders.get(m.offset)) }));
}

/**
 * Every letter sent back already, oldest first, with the replayer and time of its done mark: what a
 * replay that came second is told (found by a tester: two replays of one letter at once, the loser
 * said "no dead letter has event id …" and exited 1).
 */
export async function replayedLetters(transport: EventTransport): Promise<ReplayedLetter[]> {
  const all = await transport.readAll(TOPICS.dlq);
  const doneBy = new Map<string, DeliveredMessage>();
  for (const m of all) {
    const sent = m.headers[REPLAYED];
    if (sent !== undefined && !doneBy.has(sent)) doneBy.set(sent, m);
  }
  return all.flatMap((m) => {
    const done = isMark(m) ? undefined : doneBy.get(m.offset);
    if (!done) return [];
    const replayedAt = new Date(Number(done.timestamp)).toISOString();
    return [{ raw: m, entry: entryOf(m, undefined), replayedBy: done.headers[DLQ_HEADERS.claimant] ?? '', replayedAt }];
  });
}

/** Whether a claim still holds the letter at `now` (a lapsed one is anyone's to take over). */
export const holds = (claim: DeadLetterClaim | null, now: Date): boolean =>
  claim !== null && Date.parse(claim.until) > now.getTime();

const mark = (dlqOffset: string, header: string, headers: Record<string, string>): OutgoingMessage => ({
  key: null,
  value: Buffer.alloc(0),
  headers: { [header]: dlqOffset, ...headers },
});

/**
 * Claims (or renews) the letters for the replayer `me`: a claim mark per letter appended to the queue,
 * then the queue read back; the letters whose claim is `me`'s there, and not sent back, are its own.
 */
async function claim(
  transport: EventTransport,
  letters: readonly DeadLetter[],
  me: string,
  at: Date,
  leaseMs: number,
): Promise<Set<string>> {
  if (letters.length === 0) return new Set();
  const headers = {
    [DLQ_HEADERS.claimant]: me,
    [DLQ_HEADERS.claimedAt]: at.toISOString(),
    [DLQ_HEADERS.leaseMs]: String(leaseMs),
  };
  await transport.publish(
    TOPICS.dlq,
    letters.map(({ entry }) => mark(entry.dlqOffset, DLQ_HEADERS.claimOf, headers)),
  );
  const { done, holders } = marksOf(await transport.readAll(TOPICS.dlq));
  const offsets = letters.map(({ entry }) => entry.dlqOffset);
  return new Set(offsets.filter((o) => !done.has(o) && holders.get(o)?.by === me));
}

/** The letter as it was first delivered, its dead-letter context dropped, marked as a replay of it. */
function replayOf({ entry, raw }: DeadLetter): OutgoingMessage {
  const headers = Object.fromEntries(
    Object.entries(raw.headers).filter(([k]) => !k.startsWith('__connect.errors.') && !k.startsWith('gba_dlq_')),
  );
  const after = raw.headers[DLQ_HEADERS.afterApplied];
  const replay = {
    [DLQ_HEADERS.replayOf]: entry.dlqOffset,
    // Drawn afresh for each replay: a copy of this one is not judged again (replay-seal.ts `replayUse`).
    [DLQ_HEADERS.replayId]: randomUUID(),
    [DLQ_HEADERS.replayReason]: entry.reason,
    // Carried into the letter a refused replay becomes: the reason of the first letter is never lost.
    [DLQ_HEADERS.firstReason]: raw.headers[DLQ_HEADERS.firstReason] ?? entry.reason,
    ...(after ? { [DLQ_HEADERS.afterApplied]: after } : {}),
  };
  return { key: raw.key, value: raw.value, headers: { ...headers, ...replay } };
}

/** Sends the letters back and their done marks, all in one append: a crash leaves all of them or none. */
async function sendBack(
  transport: EventTransport,
  letters: readonly DeadLetter[],
  me: string,
  seal: Buffer | undefined,
): Promise<Published[]> {
  const topics = [...new Set(letters.map((l) => l.entry.topic))];
  const parts: TopicMessages[] = topics.map((topic) => ({
    topic,
    messages: letters
      .filter((l) => l.entry.topic === topic)
      .map((l) => (seal ? sealReplay(seal, topic, replayOf(l)) : replayOf(l))),
  }));
  const done = letters.map(({ entry }) => mark(entry.dlqOffset, REPLAYED, { [DLQ_HEADERS.claimant]: me }));
  const sent = await transport.publishTogether([...parts, { topic: TOPICS.dlq, messages: done }]);
  const where = new Map<DeadLetter, Published>();
  for (const [i, topic] of topics.entries())
    for (const [j, l] of letters.filter((x) => x.entry.topic === topic).entries())
      where.set(l, { topic, ...(sent[i]?.[j] as { partition: number; offset: string }) });
  return letters.map((l) => where.get(l) as Published);
}

/**
 * Claims the letters (`claim`), then sends each one claimed back to its topic, its original bytes and
 * headers marked as a replay of it, with its done mark; the connectors then handle it as new input.
 * The claims are renewed when half the lease has passed, so a long replay keeps them. Per letter, in
 * order, where it went, or null when it was not sent here (another replayer holds or replayed it).
 */
export async function resend(
  transport: EventTransport,
  letters: readonly DeadLetter[],
  replayer: Replayer,
): Promise<(Published | null)[]> {
  if (letters.length === 0) return [];
  const me = `${replayer.name} #${randomUUID().slice(0, 8)}`;
  let claimedAt = replayer.now();
  let mine = await claim(transport, letters, me, claimedAt, replayer.leaseMs);
  const sent = new Map<string, Published>();
  for (let i = 0; i < letters.length; i += CHUNK) {
    if (replayer.now().getTime() - claimedAt.getTime() >= replayer.leaseMs / 2) {
      claimedAt = replayer.now();
      const rest = letters.slice(i).filter((l) => mine.has(l.entry.dlqOffset));
      mine = await claim(transport, rest, me, claimedAt, replayer.leaseMs);
    }
    const chunk = letters.slice(i, i + CHUNK).filter((l) => mine.has(l.entry.dlqOffset));
    if (chunk.length === 0) continue;
    const published = await sendBack(transport, chunk, me, replayer.seal);
    for (const [j, l] of chunk.entries()) sent.set(l.entry.dlqOffset, published[j] as Published);
  }
  return letters.map((l) => sent.get(l.entry.dlqOffset) ?? null);
}

/**
 * An operator's release of the claims on these letters (`gba dlq release`): a release mark each, so no
 * claim holds them and the next replay takes them. For a replayer known to be gone: releasing a live
 * one's claims lets a second replayer send what the first may still send.
 */
export async function release(transport: EventTransport, letters: readonly DeadLetter[], by: string): Promise<void> {
  if (letters.length === 0) return;
  const headers = { [DLQ_HEADERS.claimant]: by };
  await transport.publish(
    TOPICS.dlq,
    letters.map(({ entry }) => mark(entry.dlqOffset, DLQ_HEADERS.releaseOf, headers)),
  );
}
