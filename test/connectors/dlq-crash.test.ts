/**
 * A `gba dlq replay` killed (SIGKILL) in the middle of its replay hides no letter: every letter it had
 * claimed and not sent stays listed, "claimed by" it; another replay leaves them while the claim holds
 * (exit 75), takes them over once it lapses; `gba dlq release` frees them at once. In the end every
 * letter was sent back once and every event applied once: nothing lost, nothing applied twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { openSqliteFile } from '../../services/shared/sqlite-file.js';
import { CLI_NOW, gbaIn } from '../support/gba-cli.js';
import { devPartnerKeys, signedAs } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

const LETTERS = 2000;
const dir = tempDir();
afterAll(() => dir.remove());
const events = join(dir.path, 'events.db');
const minutes = (n: number) => new Date(CLI_NOW.getTime() + n * 60_000);
const gba = (now: Date) => gbaIn(dir.path, now);

// An announcement of the DPO (hk-inbound line 3) under new ids: each one applies when replayed.
const TEMPLATE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8').split(
    '\n',
  )[2] as string,
);
const announcement = (i: number) => ({
  ...TEMPLATE,
  id: `crash-${i}`,
  subject: `ann-crash-${i}`,
  data: { ...TEMPLATE.data, announcementId: `ann-crash-${i}` },
});

/** LETTERS dead letters of announcements refused once (say, a service they named was not known yet). */
async function fillQueue(): Promise<void> {
  const log = new SqliteEventLog({ path: events });
  try {
    await log.ensureTopics(TOPIC_SPECS);
    const keys = devPartnerKeys(dir.path);
    // Each letter as the DPO sent it, signed (its signature is checked again when replayed).
    const sent = (i: number) =>
      signedAs(keys, TEMPLATE.source, {
        key: `ann-crash-${i}`,
        value: Buffer.from(JSON.stringify(announcement(i))),
        headers: { 'content-type': 'application/cloudevents+json' },
      });
    await log.publish(
      TOPICS.dlq,
      Array.from({ length: LETTERS }, (_, i) => ({
        ...sent(i),
        headers: {
          ...sent(i).headers,
          [DLQ_HEADERS.topic]: TOPICS.inboundHk,
          [DLQ_HEADERS.partition]: '0',
          [DLQ_HEADERS.offset]: String(i),
          [DLQ_HEADERS.reason]: 'UNKNOWN_REFERENCE_SERVICE',
          [DLQ_HEADERS.eventId]: `crash-${i}`,
          [DLQ_HEADERS.source]: TEMPLATE.source,
        },
      })),
    );
  } finally {
    await log.close();
  }
}

/** The dead letters' offsets each replay on the inbound topic was sent back for. */
function replayed(): string[] {
  const db = openSqliteFile(events);
  try {
    const rows = db.prepare('SELECT headers FROM message WHERE topic = ?').pluck().all(TOPICS.inboundHk) as string[];
    return rows.flatMap((h) => JSON.parse(h)[DLQ_HEADERS.replayOf] ?? []);
  } finally {
    db.close();
  }
}

const marks = (db: ReturnType<typeof openSqliteFile>, header: string) =>
  db
    .prepare('SELECT count(*) FROM message WHERE topic = ? AND headers LIKE ?')
    .pluck()
    .get(TOPICS.dlq, `%"${header}"%`) as number;

/**
 * Starts `gba dlq replay` in its own process, waits until it sent some letters back, then holds the
 * event log's write lock (so it cannot send more) and kills it with SIGKILL: killed mid-replay.
 */
async function killMidReplay(): Promise<void> {
  const script = join(import.meta.dirname, '../support/gba-at.ts');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', script, CLI_NOW.toISOString(), 'dlq', 'replay'],
    {
      env: { ...process.env, DATA_DIR: dir.path },
      stdio: 'ignore',
    },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (c, s) => resolve(s ?? c)));
  const db = openSqliteFile(events);
  try {
    while (marks(db, 'gba_dlq_replayed') === 0) {
      if (child.exitCode !== null) throw new Error('the replay ended before it sent anything');
      await new Promise((r) => setTimeout(r, 2));
    }
    db.prepare('BEGIN IMMEDIATE').run();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    db.prepare('ROLLBACK').run();
  } finally {
    db.close();
  }
}

type Listed = { eventId: string; dlqOffset: string; claim: { by: string; since: string; until: string } | null };
const listed = async (now: Date): Promise<Listed[]> =>
  JSON.parse((await gba(now)(['dlq', 'list', '--json'])).out.join('\n'));

let before: Listed[] = [];
let sentBeforeKill: string[] = [];

beforeAll(async () => {
  expect((await gba(CLI_NOW)(['seed'])).code).toBe(0);
  await fillQueue();
  before = await listed(CLI_NOW);
  await killMidReplay();
  sentBeforeKill = replayed();
}, 120_000);

describe('a dead-letter replay killed mid-replay', () => {
  it('was killed with letters claimed and not sent, and some sent', () => {
    expect(before).toHaveLength(LETTERS);
    expect(sentBeforeKill.length).toBeGreaterThan(0);
    expect(sentBeforeKill.length).toBeLessThan(LETTERS);
  });

  it('hides no letter: every one not sent is listed, claimed by the killed replay since its start', async () => {
    const after = await listed(minutes(1));
    expect(after.length + sentBeforeKill.length).toBe(LETTERS);
    expect(new Set([...after.map((l) => l.dlqOffset), ...sentBeforeKill])).toEqual(
      new Set(before.map((l) => l.dlqOffset)),
    );
    for (const { claim } of after) {
      expect(claim?.by).toMatch(/^gba dlq replay .+ pid \d+ #[0-9a-f]{8}$/);
      expect(claim?.since).toBe(CLI_NOW.toISOString());
      expect(claim?.until).toBe(minutes(5).toISOString());
    }
    const text = (await gba(minutes(1))(['dlq', 'list'])).out;
    expect(text).toHaveLength(after.length);
    expect(text[0]).toContain(`[claimed by gba dlq replay `);
    expect(text[0]).toContain(`since ${CLI_NOW.toISOString()}, until ${minutes(5).toISOString()}]`);
  });

  it('another replay leaves the claimed letters while the claim holds, and says whose they are (exit 75)', async () => {
    const { code, out } = await gba(minutes(1))(['dlq', 'replay']);
    expect(code).toBe(75);
    expect(out.at(-1)).toMatch(/^replayed 0 dead letters/);
    expect(out[0]).toMatch(/^ {2}crash-\d+ {2}not replayed: claimed by gba dlq replay .+ since /);
    expect(replayed()).toEqual(sentBeforeKill);
  });

  it('an operator releases one claim, and the next replay takes that letter at once', async () => {
    const [one] = await listed(minutes(1));
    const id = one?.eventId as string;
    const freed = await gba(minutes(1))(['dlq', 'release', '--id', id]);
    expect(freed.code).toBe(0);
    expect(freed.out[0]).toContain(`${id}  released (claimed by gba dlq replay `);
    expect((await listed(minutes(1))).find((l) => l.eventId === id)?.claim).toBeNull();
    const { code, out } = await gba(minutes(1))(['dlq', 'replay', '--id', id]);
    expect(code).toBe(0);
    expect(out).toContain(`  ${id}  applied`);
    expect((await gba(minutes(1))(['dlq', 'release', '--id', id])).code).toBe(1);
  });

  it('once the claim lapsed, a replay takes every letter over; each was sent back once, each event applied once', async () => {
    const { code, out } = await gba(minutes(6))(['dlq', 'replay']);
    expect(code).toBe(0);
    expect(out.filter((l) => l.endsWith('  applied'))).toHaveLength(LETTERS - sentBeforeKill.length - 1);
    expect(await listed(minutes(6))).toEqual([]);
    const sent = replayed();
    expect(sent).toHaveLength(LETTERS);
    expect(new Set(sent)).toEqual(new Set(before.map((l) => l.dlqOffset)));
    const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
    try {
      const receipts = (
        await Promise.all(
          [0, 1, 2].map((partition) =>
            store.receipts({ topic: TOPICS.inboundHk, partition, from: '0', to: '1000000' }),
          ),
        )
      ).flat();
      const applied = receipts.filter((r) => r.eventId?.startsWith('crash-') && r.disposition === 'applied');
      expect(applied).toHaveLength(LETTERS);
      expect(new Set(applied.map((r) => r.eventId)).size).toBe(LETTERS);
      const ids = Array.from({ length: LETTERS }, (_, i) => `ann-crash-${i}`);
      expect((await store.getByIds('Announcement', ids)).filter((a) => a !== null)).toHaveLength(LETTERS);
    } finally {
      await store.close();
    }
  }, 120_000);
});
