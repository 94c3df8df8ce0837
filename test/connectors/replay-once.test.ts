/**
 * A sealed replay is honoured once (issue 16; found by a code-blind tester, probe 12 row 70). `gba dlq
 * replay` writes a sealed replay of a letter onto the inbound topic; whoever can read and write that
 * topic could copy it there VERBATIM, as often as it liked, and each copy was judged as a new replay:
 * one more DENY in the resident's trail and one more letter in the queue per copy. Now the pipeline
 * records each sealed replay it judges (the seal, unique per replay: it covers the replay id the
 * replayer draws) in the same store transaction as its batch: a copy of it is a duplicate
 * (REPLAY_ALREADY_USED), with no decision and no letter. A crash before that commit records nothing, so
 * the replay is still judged once when its batch comes again. An operator's second `gba dlq replay` is
 * a new replay, a new decision (docs/operations.md). Real `gba` CLI on a seeded SQLite store; the trail
 * read as the auditor through the gateway over the same store.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { REPLAY_SEAL, replaySealKey, sealReplay } from '../../connectors/pipeline/replay-seal.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { type DeliveredMessage, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { openSqliteFile } from '../../services/shared/sqlite-file.js';
import { CLI_NOW, gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
const hours = (h: number) => new Date(CLI_NOW.getTime() + h * 3_600_000);

/** TD's status of case-0002 carrying p-0005's data under con-0002, which expired on 2026-01-08: CONSENT_EXPIRED. */
const refused = (id: string): Json => ({
  ...(sample('hk-inbound', '4d78f316-b9e4-5d75-b352-8a2de513d9c6') as Json),
  id,
  time: TIME,
});

interface Node {
  at: string;
  decision: string;
  reason: string;
  requestId: string;
}

/** p-0005's trail: the decisions on the event `eventId`, as the auditor reads them. */
async function decisionsOn(eventId: string): Promise<Node[]> {
  const headers = { authorization: `Bearer ${await fixture().idp.token('auditor')}` };
  const query = '{ auditTrail(subject: "p-0005", first: 100) { edges { node { at decision reason requestId } } } }';
  const answer = (await (await fixture().query(query, { headers })).json()) as {
    data: { auditTrail: { edges: { node: Node }[] } };
  };
  return answer.data.auditTrail.edges.map((e) => e.node).filter((n) => n.requestId === eventId);
}

const events = () => new SqliteEventLog({ path: join(dir.path, 'events.db') });

/** The letter of `eventId` that waits in the queue (there is one). */
async function letterOf(eventId: string): Promise<string> {
  const letters = (await lettersOf(gba)).filter((l) => l.eventId === eventId) as unknown as { dlqOffset: string }[];
  expect(letters).toHaveLength(1);
  return letters[0]?.dlqOffset as string;
}

/** The sealed replay `gba dlq replay` wrote on gba.inbound.hk for the letter at `dlqOffset`. */
async function sealedReplayOf(dlqOffset: string): Promise<DeliveredMessage> {
  const log = events();
  try {
    const found = (await log.readAll(TOPICS.inboundHk)).filter((m) => m.headers[DLQ_HEADERS.replayOf] === dlqOffset);
    expect(found).toHaveLength(1);
    expect(found[0]?.headers[REPLAY_SEAL]).toBeDefined();
    return found[0] as DeliveredMessage;
  } finally {
    await log.close();
  }
}

/** `times` verbatim copies of `message` written straight to its topic, as a system that reads and writes it could. */
async function copy(message: DeliveredMessage, times: number): Promise<{ partition: number; offset: string }[]> {
  const log = events();
  try {
    const { key, value, headers } = message;
    return await log.publish(
      message.topic,
      Array.from({ length: times }, () => ({ key, value, headers })),
    );
  } finally {
    await log.close();
  }
}

/** What became of the messages at these places of gba.inbound.hk, from the receipts. */
async function receiptsAt(at: readonly { partition: number; offset: string }[]) {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const out: { disposition: string; reason: string | null }[] = [];
    for (const p of at) {
      const [r] = await store.receipts({ topic: TOPICS.inboundHk, ...p, from: p.offset, to: p.offset });
      out.push(r ? { disposition: r.disposition, reason: r.reason } : { disposition: 'none', reason: null });
    }
    return out;
  } finally {
    await store.close();
  }
}

/**
 * `gba dlq replay --offset` in its own process, killed (SIGKILL) before its batch could commit: while it
 * runs, every write to the receipts and to the audit log fails (a trigger in each file), so nothing of
 * the batch is on record, and it is killed once its connector said the batch failed. The triggers are
 * dropped after: the state a crash before the commit leaves, the sealed replay on the topic, unhandled.
 */
async function replayKilledBeforeCommit(dlqOffset: string): Promise<void> {
  const faults: [string, string][] = [
    [join(dir.path, 'gba.db'), 'receipt'],
    [join(dir.path, 'audit.db'), 'audit'],
  ];
  for (const [file, table] of faults) {
    const db = openSqliteFile(file);
    db.exec(`CREATE TRIGGER crash_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'crash'); END`);
    db.close();
  }
  try {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../support/gba-at.ts'), hours(1).toISOString()].concat([
        'dlq',
        'replay',
        '--offset',
        dlqOffset,
      ]),
      { env: { ...process.env, DATA_DIR: dir.path }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (c, s) => r(s ?? c)));
    await new Promise<void>((resolve, reject) => {
      let text = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('connector batch failed')) resolve();
      });
      child.on('exit', () => reject(new Error(`the replay ended before its batch failed: ${text}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  } finally {
    for (const [file, table] of faults) {
      const db = openSqliteFile(file);
      db.exec(`DROP TRIGGER crash_${table}`);
      db.close();
    }
  }
}

/** The deployment's replay seal, as the replayer before replay ids sealed: without `gba_dlq_replay_id`. */
function sealedWithoutReplayId(message: DeliveredMessage): DeliveredMessage {
  const key = replaySealKey(readFileSync(join(dir.path, 'gateway-secret'), 'utf8').trim());
  const headers = Object.fromEntries(
    Object.entries(message.headers).filter(([k]) => k !== REPLAY_SEAL && k !== 'gba_dlq_replay_id'),
  );
  return { ...message, ...sealReplay(key, message.topic, { key: message.key, value: message.value, headers }) };
}

interface Outcome {
  /** Where the copies went on gba.inbound.hk. */
  readonly copies: { partition: number; offset: string }[];
}

/**
 * [row, what happens after the event `id` was refused once (one DENY, one letter), the DENY decisions on
 * the event in the end (the first included), the letters of it that wait in the end]
 */
const ROWS: [string, (id: string) => Promise<Outcome>, number, number][] = [
  [
    'a judged replay copied verbatim three times: one decision, one letter',
    async (id) => {
      expect((await gbaIn(dir.path, hours(1))(['dlq', 'replay', '--offset', await letterOf(id)])).code).toBe(65);
      const copies = await copy(await sealedReplayOf(await lettersReplayed(id, 0)), 3);
      await drive(id);
      return { copies };
    },
    2,
    1,
  ],
  [
    'a replay killed before its commit, then copied twice: judged once when its batch comes again',
    async (id) => {
      const letter = await letterOf(id);
      await replayKilledBeforeCommit(letter);
      const copies = await copy(await sealedReplayOf(letter), 2);
      await drive(id);
      return { copies };
    },
    2,
    1,
  ],
  [
    "the operator's second gba dlq replay of the event is a new replay; copies of either are not",
    async (id) => {
      expect((await gbaIn(dir.path, hours(1))(['dlq', 'replay', '--offset', await letterOf(id)])).code).toBe(65);
      expect((await gbaIn(dir.path, hours(2))(['dlq', 'replay', '--offset', await letterOf(id)])).code).toBe(65);
      const copies = [
        ...(await copy(await sealedReplayOf(await lettersReplayed(id, 0)), 1)),
        ...(await copy(await sealedReplayOf(await lettersReplayed(id, 1)), 1)),
      ];
      await drive(id);
      return { copies };
    },
    3,
    1,
  ],
  [
    'a replay sealed before replay ids (no gba_dlq_replay_id), on the topic twice: judged once',
    async (id) => {
      expect((await gbaIn(dir.path, hours(1))(['dlq', 'replay', '--offset', await letterOf(id)])).code).toBe(65);
      const old = sealedWithoutReplayId(await sealedReplayOf(await lettersReplayed(id, 0)));
      const [first, ...copies] = await copy(old, 3);
      await drive(id);
      expect(await receiptsAt([first as { partition: number; offset: string }])).toEqual([
        { disposition: 'rejected', reason: 'CONSENT_EXPIRED' },
      ]);
      return { copies };
    },
    // The genuine replay, then the old one: each is judged, each leaves its letter.
    3,
    2,
  ],
];

/** The dead-letter offsets of the letters of `id` already replayed, oldest first: the `n`th. */
async function lettersReplayed(id: string, n: number): Promise<string> {
  const log = events();
  try {
    const replays = (await log.readAll(TOPICS.inboundHk)).filter(
      (m) => m.headers[DLQ_HEADERS.replayOf] !== undefined && m.headers.ce_id === id,
    );
    return replays[n]?.headers[DLQ_HEADERS.replayOf] as string;
  } finally {
    await log.close();
  }
}

/** The connectors handle gba.inbound.hk up to the copies: the next event on the same case, the same partition. */
async function drive(id: string): Promise<void> {
  expect((await ingestOne(gbaIn(dir.path, hours(3)), dir.path, refused(`${id}-next`))).code).toBe(65);
}

describe('a sealed replay is honoured once, however often it is on the topic', () => {
  it.each(ROWS)(
    '%s',
    async (_row, scenario, decisions, letters) => {
      const id = `once-${ROWS.findIndex(([row]) => row === _row)}`;
      expect((await ingestOne(gba, dir.path, refused(id))).code).toBe(65);
      const { copies } = await scenario(id);
      expect(await receiptsAt(copies)).toEqual(
        copies.map(() => ({ disposition: 'duplicate', reason: 'REPLAY_ALREADY_USED' })),
      );
      const trail = await decisionsOn(id);
      expect(trail.map((d) => [d.decision, d.reason])).toEqual(
        Array.from({ length: decisions }, () => ['DENY', 'CONSENT_EXPIRED']),
      );
      // The copies left no letter.
      expect((await lettersOf(gba)).filter((l) => l.eventId === id)).toHaveLength(letters);
      expect((await gba(['audit', 'verify'])).code).toBe(0);
    },
    120_000,
  );
});
