/**
 * The dead-letter queue for operators: list with filters, inspect one with personal values masked,
 * replay one or many and say what became of each (as `gba dlq replay` does, per letter).
 */
import type { GraphStore } from '../graph/graph-store.port.js';
import type { DeadLetter, DeadLetterEntry, EventDesk } from './event-desk.port.js';
import type { EventTraffic } from './event-traffic.js';
import { maskedBody, maskedMessage } from './mask.js';

export interface OperationsDeps {
  /** The event side: dead letters, replay, topics, partners (the composition root wires the connectors'). */
  readonly events: EventDesk;
  /** The connectors' receipts: what became of each replayed message. */
  readonly store: GraphStore;
  /** The connectors' counts of what they handled: the counter `/metrics` serves and its recent minutes. */
  readonly traffic: EventTraffic;
}

export interface DeadLetterView extends DeadLetterEntry {
  readonly type: string | null;
}

/** The outcome of a letter another replayer of the same queue claimed first. */
export const ALREADY_REPLAYED = 'already-replayed';
/** An offset where no letter ever was (one a replay sent back is `already-replayed`). */
export const NOT_WAITING = 'no dead letter is or was at this offset';

export interface ReplayOutcome {
  readonly dlqOffset: string;
  readonly eventId: string | null;
  /** applied, stale, duplicate or rejected; `already-replayed` (another replayer claimed it); `not-found` for an offset that is no dead letter (any more). */
  readonly outcome: string;
  /** A rejection's code; for an event let in under a consent that replaced the named one, which (the receipt's note). */
  readonly reason: string | null;
}

/**
 * A dead letter's entry as operators see it: its message masked, and its event id, which a partner may
 * build from an identity number (found by a tester: A123456(7)); the stored letter keeps both whole for
 * replay, and operators find a letter by its offset.
 */
export const operatorEntry = (entry: DeadLetterEntry): DeadLetterEntry => ({
  ...entry,
  eventId: entry.eventId === null ? null : maskedMessage(entry.eventId),
  message: maskedMessage(entry.message),
});

const view = ({ entry, raw }: DeadLetter): DeadLetterView => ({
  ...operatorEntry(entry),
  type: raw.headers.ce_type ?? null,
});

export async function listDeadLetters(
  { events }: Pick<OperationsDeps, 'events'>,
  filter: { reason?: string | null; partner?: string | null },
): Promise<DeadLetterView[]> {
  return (await events.deadLetters())
    .filter((l) => !filter.reason || l.entry.reason === filter.reason)
    .filter((l) => !filter.partner || l.entry.source === filter.partner)
    .map(view);
}

export async function inspectDeadLetter(
  { events }: Pick<OperationsDeps, 'events'>,
  dlqOffset: string,
): Promise<(DeadLetterView & { headers: [string, string][]; body: string }) | null> {
  const letter = (await events.deadLetters()).find((l) => l.entry.dlqOffset === dlqOffset);
  if (!letter) return null;
  return {
    ...view(letter),
    // Every value masked as the message is: Kafka Connect's error header repeats the message, and a
    // partner's ce_id, ce_subject or a header of its own may carry an identity number, an e-mail or a
    // phone (found by a tester, probe 12 row 47: A123456(7) and 440100198803150000 shown whole here).
    headers: Object.entries(letter.raw.headers)
      .map(([name, value]): [string, string] => [name, maskedMessage(value)])
      .sort(([a], [b]) => a.localeCompare(b)),
    body: maskedBody(letter.raw.value),
  };
}

/** Replays the letters, waits for the connectors to handle them, and reads each one's receipt. */
export async function replayDeadLetters(deps: OperationsDeps, asked: readonly string[]): Promise<ReplayOutcome[]> {
  // An offset named twice is one letter: replaying it twice would send the same event twice (found by
  // a hostile tester), so each offset is replayed and answered once, in the order first named.
  const dlqOffsets = [...new Set(asked)];
  const letters = await deps.events.deadLetters();
  const chosen = dlqOffsets.flatMap((o) => letters.filter((l) => l.entry.dlqOffset === o));
  const published = await deps.events.replay(chosen);
  const outcomes = new Map<string, ReplayOutcome>();
  for (const [i, { entry }] of chosen.entries()) {
    const sent = published[i];
    const [receipt] = sent
      ? await deps.store.receipts({ topic: sent.topic, partition: sent.partition, from: sent.offset, to: sent.offset })
      : [];
    outcomes.set(entry.dlqOffset, {
      dlqOffset: entry.dlqOffset,
      eventId: operatorEntry(entry).eventId,
      // Another replayer (`gba dlq replay`, another operator) holds a claim on it (listed with it) or sent it.
      outcome: sent ? (receipt?.disposition ?? 'pending') : ALREADY_REPLAYED,
      reason: sent ? (receipt?.reason ?? null) : 'another replay holds a claim on this dead letter, or replayed it',
    });
  }
  // An offset a replay sent back before this one began is `already-replayed` too, as one that another
  // replay takes meanwhile (found by a tester: the replay that came second was told `not-found`).
  const missing = dlqOffsets.filter((o) => !outcomes.has(o));
  const before = missing.length === 0 ? [] : await deps.events.replayedLetters();
  for (const { entry, replayedBy, replayedAt } of before.filter((l) => missing.includes(l.entry.dlqOffset)))
    outcomes.set(entry.dlqOffset, {
      dlqOffset: entry.dlqOffset,
      eventId: operatorEntry(entry).eventId,
      outcome: ALREADY_REPLAYED,
      reason: `another replay claimed this dead letter and sent it back (${replayedBy}, at ${replayedAt})`,
    });
  return dlqOffsets.map(
    (o) => outcomes.get(o) ?? { dlqOffset: o, eventId: null, outcome: 'not-found', reason: NOT_WAITING },
  );
}
