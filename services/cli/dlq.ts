/**
 * `gba dlq list [--json]`, `gba dlq replay [--id ID] [--source SOURCE] [--offset N]` and
 * `gba dlq release --id ID [--source SOURCE]|--source SOURCE|--all`. A replay
 * claims the letters (a lease, DLQ_CLAIM_LEASE_SECONDS), sends the original bytes and headers back to
 * their topic (marked as a replay, so an event rejected before may now be applied) and waits for the
 * connectors as `gba ingest` does. A claimed letter stays listed, with its claim; a release lets the
 * next replay take the letters of a replayer that stopped before its lease ran out.
 */
import { pino } from 'pino';
import { SUPERSEDED } from '../../connectors/pipeline/batch-record.js';
import {
  type DeadLetterEntry,
  deadLetters,
  holds,
  release,
  replayedLetters,
  replayerName,
  resend,
} from '../../connectors/pipeline/dead-letter-queue.js';
import { drain, type Published } from '../../connectors/pipeline/drain.js';
import { REPLAY_ALREADY_USED, replaySealKey } from '../../connectors/pipeline/replay-seal.js';
import { type EventTransport, TOPIC_SPECS } from '../../connectors/transport/event-transport.port.js';
import type { Receipt } from '../graph/graph-store.port.js';
import { operatorEntry } from '../operations/dead-letters.js';
import type { DeadLetter } from '../operations/event-desk.port.js';
import { openPipeline, openTransport, type Pipeline } from '../platform/adapters.js';
import type { Config } from '../platform/config.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { chooseLetters } from './dlq-choose.js';
import { EXIT_NO_STORE, historyOf, restoreIncomplete, storePath, storeState } from './existing-store.js';
import { EXIT_REJECTED, receiptsOf, summaryLines } from './ingest.js';
import { shownEventId } from './shown.js';
import { oneLine } from './terminal-safe.js';

const DLQ_USAGE =
  'gba dlq list [--json] | replay [--id ID] [--source SOURCE] [--offset N] | release --id ID [--source SOURCE]|--source SOURCE|--all';

/** Some letters were not replayed: another replayer's claim on them has not lapsed (EX_TEMPFAIL). */
export const EXIT_CLAIMED = 75;

type Action = 'list' | 'replay' | 'release';

const QUEUE_EMPTY = 'the dead-letter queue is empty';
const NONE_CLAIMED = 'no dead letter is claimed';
/** How `gba dlq release` names itself and the letters it chooses among. */
const RELEASING = { name: 'gba dlq release', letters: 'claimed dead letter' };
interface Parsed {
  readonly action: Action;
  readonly id: string | undefined;
  readonly source: string | undefined;
  readonly offset: string | undefined;
  readonly json: boolean;
  readonly all: boolean;
}

const OPTIONS: Record<Action, readonly string[]> = {
  list: ['--json'],
  replay: ['--id', '--source', '--offset'],
  release: ['--id', '--source', '--all'],
};
/** The options that take a value, and what it is. */
const VALUE_OF: Record<string, string> = { '--id': 'an event id', '--source': 'a source', '--offset': 'an offset' };
const isAction = (a: string | undefined): a is Action => a !== undefined && a in OPTIONS;

/** The action and its options, or the line saying what is wrong. An unknown option is refused, never ignored. */
function parse(args: readonly string[]): Parsed | string {
  const [action, ...rest] = args;
  if (!isAction(action)) return `usage: ${DLQ_USAGE}`;
  const valueAt = (name: string) => (rest.includes(name) ? (rest[rest.indexOf(name) + 1] ?? '') : undefined);
  // A value that looks like a number (`--offset -1`) is a wrong value, not a missing one.
  const lacking = Object.keys(VALUE_OF).find(
    (n) => valueAt(n) === '' || (valueAt(n)?.startsWith('-') && !/^-[\d.]/.test(valueAt(n) ?? '')),
  );
  if (lacking) return `gba dlq ${action}: ${lacking} needs ${VALUE_OF[lacking]}`;
  const offset = valueAt('--offset');
  // Found by a tester: `--offset abc` looked for a letter at offset abc and exited 1 (none), not 64.
  if (offset !== undefined && !/^\d+$/.test(offset))
    return `gba dlq ${action}: --offset takes an offset, a whole number of 0 or more as gba dlq list shows it after @, not ${JSON.stringify(offset)}`;
  const id = valueAt('--id');
  const isValue = (i: number) => Object.keys(VALUE_OF).some((n) => rest.includes(n) && i === rest.indexOf(n) + 1);
  // `replay --ids X` would replay every letter.
  const unknown = rest.find((a, i) => a.startsWith('-') && !OPTIONS[action].includes(a) && !isValue(i));
  if (unknown !== undefined) return `gba dlq ${action}: unknown option ${oneLine(unknown)}; usage: ${DLQ_USAGE}`;
  const stray = rest.find((a, i) => !a.startsWith('-') && !isValue(i));
  if (stray !== undefined) return `gba dlq ${action}: unexpected argument ${oneLine(stray)}; usage: ${DLQ_USAGE}`;
  const all = rest.includes('--all');
  const source = valueAt('--source');
  if (action === 'release' && (id === undefined && source === undefined) === !all)
    return 'gba dlq release: name one of --id ID [--source SOURCE], --source SOURCE or --all';
  // `--offset 012` is the letter listed @12.
  const listed = offset === undefined ? undefined : String(BigInt(offset));
  return { action, id, source, offset: listed, json: rest.includes('--json'), all };
}

const claimText = (entry: DeadLetterEntry, now: Date): string => {
  const { claim } = entry;
  if (!claim) return '';
  return holds(claim, now)
    ? `  [claimed by ${claim.by} since ${claim.since}, until ${claim.until}]`
    : `  [claimed by ${claim.by} since ${claim.since}, lapsed at ${claim.until}: the next replay takes it over]`;
};

function list(letters: readonly DeadLetter[], { json }: Parsed, io: CommandIo): number {
  const now = io.now?.() ?? new Date();
  const entries = letters.map((l) => operatorEntry(l.entry));
  if (json) io.out(JSON.stringify(entries, null, 2));
  else if (entries.length === 0) io.out(QUEUE_EMPTY);
  // The id as every outcome line shows it (shownEventId): one column, so the offset beside it is the
  // letter's (probe 11 row 37: an id `p11-y  @1  CONSENT` printed raw put a forged offset first).
  else
    for (const [i, e] of entries.entries())
      io.out(
        oneLine(
          `${e.time}  ${e.reason.padEnd(32)} ${shownEventId(letters[i]?.entry.eventId)}  @${e.dlqOffset}  ${e.message}${e.firstReason ? ` (first refused ${e.firstReason})` : ''}${claimText(e, now)}`,
        ),
      );
  return 0;
}

/**
 * Drops the claims on the letters chosen as a replay chooses (dlq-choose.ts), among the claimed ones:
 * an `--id` claimed under two sources is refused (64) until `--source` says which. Exits 0, or 1 when
 * the choice names no claimed letter.
 */
async function releaseClaims(transport: EventTransport, letters: readonly DeadLetter[], p: Parsed, io: CommandIo) {
  const choice = chooseLetters(
    letters.filter((l) => l.entry.claim !== null),
    p,
    RELEASING,
  );
  if (!choice.ok) {
    io.err(choice.message);
    return choice.code;
  }
  const claimed = choice.letters;
  if (claimed.length === 0) {
    io.out(NONE_CLAIMED);
    return 0;
  }
  await release(transport, claimed, replayerName('gba dlq release'));
  for (const { entry } of claimed)
    io.out(
      oneLine(`  ${shownEventId(entry.eventId)}  released (claimed by ${entry.claim?.by} since ${entry.claim?.since})`),
    );
  io.out(`released ${claimed.length} claims: the next gba dlq replay takes these letters`);
  return 0;
}

/** `rejected NO_CONSENT`, `applied`, `applied, under consent con-X in place of con-Y (CONSENT_REVOKED)`. */
const outcomeText = (r: Receipt): string => {
  if (r.reason === SUPERSEDED) return 'superseded by a later version (not applied)';
  // A copy of this replay reached the connectors first and was judged (replay-seal.ts `replayUse`).
  if (r.reason === REPLAY_ALREADY_USED) return 'judged already: a copy of this replay came first (not judged again)';
  return r.reason === null
    ? r.disposition
    : `${r.disposition}${r.disposition === 'rejected' ? ' ' : ', under '}${r.reason}`;
};

/**
 * The letters this replay did not send: another replayer holds them (listed, with its claim), or
 * replayed them. Whether any is still in the queue.
 */
async function reportNotSent(transport: EventTransport, notSent: readonly DeadLetter[], io: CommandIo) {
  if (notSent.length === 0) return false;
  const now = io.now?.() ?? new Date();
  const listed = new Map((await deadLetters(transport)).map((l) => [l.entry.dlqOffset, l.entry]));
  let held = false;
  for (const { entry } of notSent) {
    const id = shownEventId(entry.eventId);
    const still = listed.get(entry.dlqOffset);
    const claim = still?.claim ?? null;
    if (!still)
      io.out(oneLine(`  ${id}  already replayed @${entry.dlqOffset}: another replay claimed it and sent it back`));
    else if (claim && holds(claim, now))
      io.out(oneLine(`  ${id}  not replayed: claimed by ${claim.by} since ${claim.since}, until ${claim.until}`));
    else io.out(oneLine(`  ${id}  not replayed: its claim changed hands meanwhile; run gba dlq replay again`));
    held ||= still !== undefined;
  }
  return held;
}

/**
 * None of the letters named waits, but a replay (another one, racing this, or an earlier one) sent them
 * back: each is `already replayed`, by whom and when, as a letter another replay takes while this one
 * runs is (reportNotSent); exit 0, nothing of them is left to replay. Whether any was named so.
 */
async function reportReplayedBefore(transport: EventTransport, p: Parsed, io: CommandIo): Promise<boolean> {
  const choice = chooseLetters(await replayedLetters(transport), p);
  if (!choice.ok || choice.letters.length === 0) return false;
  for (const l of choice.letters)
    io.out(
      oneLine(
        `  ${shownEventId(l.entry.eventId)}  already replayed @${l.entry.dlqOffset}: another replay claimed it and sent it back (${l.replayedBy}, at ${l.replayedAt})`,
      ),
    );
  io.out(
    `replayed 0 dead letters: another replay replayed all ${choice.letters.length}; gba dlq list shows what waits`,
  );
  return true;
}

/** Runs a connector here until the connectors handled what was sent; prints each outcome; its exit status. */
async function outcomes(pipeline: Pipeline, published: readonly Published[], io: CommandIo): Promise<number> {
  const summary = await drain({ ...pipeline, published, now: io.now });
  io.out(`replayed ${published.length} dead letters`);
  for (const line of summaryLines(summary)) io.out(line);
  // Each event's outcome: one that failed again is back in the queue with its new reason; one let
  // in under a consent granted since says which consent replaced the one it names.
  const each = await receiptsOf(pipeline.store, published);
  for (const r of each) io.out(oneLine(`  ${shownEventId(r.eventId)}  ${outcomeText(r)}`));
  // As `gba ingest`: a script that replays learns that some events are still refused.
  const rejected = Object.keys(summary.rejected).length > 0 || each.some((r) => r.disposition === 'rejected');
  return rejected ? EXIT_REJECTED : 0;
}

/** Claims and sends back the letters chosen, waits for the connectors; the exit status (0, 65, 75, 1). */
async function replayChosen(config: Config, pipeline: Pipeline, p: Parsed, io: CommandIo): Promise<number> {
  const { transport } = pipeline;
  const letters = await deadLetters(transport);
  const choice = chooseLetters(letters, p);
  if (!choice.ok) {
    if (choice.code === 1 && (await reportReplayedBefore(transport, p, io))) return 0;
    io.err(choice.message);
    return choice.code;
  }
  const chosen = choice.letters;
  if (chosen.length === 0) {
    io.err(QUEUE_EMPTY);
    return 0;
  }
  const now = io.now ?? (() => new Date());
  const sent = await resend(transport, chosen, {
    name: replayerName('gba dlq replay'),
    now,
    leaseMs: config.dlqLeaseMs,
    // Sealed with the deployment's secret: only the platform's replayer may mark a replay (replay-seal.ts).
    seal: replaySealKey(pipeline.logKey),
  });
  const held = await reportNotSent(
    transport,
    chosen.filter((_, i) => sent[i] === null),
    io,
  );
  const published = sent.filter((s) => s !== null);
  if (published.length === 0) io.out(`replayed 0 dead letters: another replay holds or replayed all ${chosen.length}`);
  const status = published.length === 0 ? 0 : await outcomes(pipeline, published, io);
  return status === 0 && held ? EXIT_CLAIMED : status;
}

async function replay(config: Config, p: Parsed, io: CommandIo): Promise<number> {
  const pipeline = await openPipeline(config, pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2)));
  try {
    await pipeline.store.init();
    await pipeline.transport.ensureTopics(TOPIC_SPECS);
    return await replayChosen(config, pipeline, p, io);
  } finally {
    await pipeline.close();
  }
}

/**
 * No event log beside the graph store: in a folder only seeded the queue is empty, answered so without
 * making one; beside a graph store that records what the platform did, the log (and its letters) was
 * not restored: refused (66), as a missing input (probe 12 row 19: `gba dlq list` made events.db and
 * said the queue was empty).
 */
async function noQueueYet(config: Config, p: Parsed, command: string, io: CommandIo): Promise<number> {
  const history = await historyOf(config);
  const missing = `there is no event log at ${storePath(config, 'event log')}`;
  if (history) {
    io.err(`${command}: ${restoreIncomplete(config, 'event log', missing, history)}`);
    return EXIT_NO_STORE;
  }
  if (p.action === 'list') return list([], p, io);
  const choice = p.action === 'release' ? chooseLetters([], p, RELEASING) : chooseLetters([], p);
  if (!choice.ok) {
    io.err(choice.message);
    return choice.code;
  }
  if (p.action === 'release') io.out(NONE_CLAIMED);
  else io.err(QUEUE_EMPTY);
  return 0;
}

export async function runDlq(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const command = `gba dlq ${parsed.action}`;
  const state = storeState(config, 'event log', command, io);
  if (state === 'refused') return EXIT_NO_STORE;
  if (state === 'not made') return noQueueYet(config, parsed, command, io);
  if (parsed.action === 'replay') return replay(config, parsed, io);
  // Listing and releasing need only the queue.
  const transport = await openTransport(config);
  try {
    await transport.ensureTopics(TOPIC_SPECS);
    const letters = await deadLetters(transport);
    return parsed.action === 'list' ? list(letters, parsed, io) : await releaseClaims(transport, letters, parsed, io);
  } finally {
    await transport.close();
  }
}
