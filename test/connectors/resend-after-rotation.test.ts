/**
 * A refused partner event whose dead letter can no longer come back, because its signature no longer
 * stands (its key retired, or the letter sent before events were signed), gets in by the partner's
 * resend of the same event, signed with a current key: judged afresh, as the replay would have been
 * (connectors/pipeline/resend.ts; docs/operations.md, "Who sent it": rotate, then resend). Found by a
 * tester (probe 10): a TD event dated 330 s ahead was refused FUTURE_TIME, TD's key was rotated, and
 * once its time had come the letter's replay was KEY_RETIRED and the resend REJECTED_EARLIER, for ever.
 * Nothing goes in twice, a letter refused BAD_SIGNATURE keeps its reason after its key is retired, and
 * an unsigned copy neither pre-empts nor blocks TD's own event. Each row on its own seeded SQLite store,
 * through the real `gba` CLI (ingest --sign, keys partner-add|partner-retire, dlq list|replay).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { CLI_NOW, gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { graphRecord } from '../support/graph-records.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

const TD = 'urn:gba:hk:td';
const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const d of dirs) d.remove();
});

type Json = Record<string, unknown> & { id: string; source: string; data: Record<string, unknown> };

const later = (ms: number) => new Date(CLI_NOW.getTime() + ms);
/** 330 s after the connectors' clock: past the 300 s skew, so refused FUTURE_TIME until its time has come. */
const EARLY = later(330_000);
const hk = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

/** TD's status change of case-0001 (HK line 27) at `when`, under `id`. */
function tdStatus(id: string, when: Date, data: Record<string, unknown> = {}): Json {
  const e = JSON.parse(readFileSync(join(EVENTS, 'hk-inbound.jsonl'), 'utf8').split('\n')[26] as string) as Json;
  const t = hk(when);
  return { ...e, id, time: t, data: { ...e.data, previousStatus: null, statusChangedAt: t, ...data } };
}

/** A seeded store, and `gba` on it at the connectors' clock, and at the clock `ms` later. */
async function platform() {
  const dir = tempDir();
  dirs.push(dir);
  const gba = gbaIn(dir.path);
  expect((await gba(['seed'])).code).toBe(0);
  const at = (ms: number) => gbaIn(dir.path, later(ms));
  const tdKeys = () =>
    (
      JSON.parse(readFileSync(join(dir.path, 'partners', 'keys.json'), 'utf8')) as Record<
        string,
        { id: string; retiredAt: string | null }[]
      >
    )[TD] ?? [];
  /** `gba keys partner-add` TD, then `partner-retire` of its old key: a rotation. */
  const rotate = async () => {
    const [old] = tdKeys().filter((k) => k.retiredAt === null);
    expect((await gba(['keys', 'partner-add', TD])).code).toBe(0);
    const retired = await gba(['keys', 'partner-retire', old?.id as string]);
    expect(retired.code).toBe(0);
  };
  const letters = async (id: string) =>
    (await lettersOf(gba)).filter((l) => l.eventId === id) as (Awaited<ReturnType<typeof lettersOf>>[number] & {
      dlqOffset: string;
    })[];
  const replay = (g: typeof gba, offset: string) => g(['dlq', 'replay', '--offset', offset]);
  const updatedAt = async () => (await graphRecord(dir.path, 'Case', 'case-0001'))?.updatedAt;
  return { dir: dir.path, gba, at, rotate, letters, replay, updatedAt, tdKeys };
}
type Platform = Awaited<ReturnType<typeof platform>>;

const text = (r: { out: string[] }) => r.out.join('\n');
const APPLIED = '1 events: 1 accepted (1 applied';

/** TD's event refused FUTURE_TIME (330 s ahead), its one letter's offset. */
async function refusedEarly(p: Platform, event: Json): Promise<string> {
  const first = await ingestOne(p.gba, p.dir, event);
  expect(text(first)).toContain('rejected FUTURE_TIME: 1');
  const [letter] = await p.letters(event.id);
  expect(letter?.reason).toBe('FUTURE_TIME');
  return letter?.dlqOffset as string;
}

/**
 * As a store from before signing holds it: the letter unsigned (no gba_sig), the ledger's row of its
 * payload's letter without the key that signed it.
 */
function asBeforeSigning(dir: string): void {
  const events = new Database(join(dir, 'events.db'));
  events.prepare("UPDATE message SET headers = json_remove(headers, '$.gba_sig') WHERE topic = ?").run(TOPICS.dlq);
  events.close();
  const store = new Database(join(dir, 'gba.db'));
  store
    .prepare("UPDATE processed_event SET digest = substr(digest, 1, instr(digest, '@') - 1) WHERE source = ?")
    .run('gba:lettered');
  store.close();
}

// [title, what is done, then how TD's event must end: applied once, its letters gone]
/** TD's event of the row: dated 330 s ahead unless the row says otherwise. */
const early = (id: string) => tdStatus(id, EARLY);

const ROWS: [string, (p: Platform, event: Json) => Promise<void>, ((id: string) => Json)?][] = [
  [
    'refused FUTURE_TIME, key rotated, its replay KEY_RETIRED, then resent signed anew once its time came',
    async (p, event) => {
      const offset = await refusedEarly(p, event);
      await p.rotate();
      const replay = await p.replay(p.at(600_000), offset);
      expect(text(replay)).toContain(`${event.id}  rejected KEY_RETIRED`);
      const resent = await ingestOne(p.at(600_000), p.dir, event);
      expect(text(resent), resent.err.join('\n')).toContain(APPLIED);
      expect(resent.code).toBe(0);
    },
  ],
  [
    'refused FUTURE_TIME, key rotated, resent signed anew once its time came (no replay first)',
    async (p, event) => {
      await refusedEarly(p, event);
      await p.rotate();
      const resent = await ingestOne(p.at(600_000), p.dir, event);
      expect(text(resent)).toContain(APPLIED);
    },
  ],
  [
    'refused FUTURE_TIME, key rotated, resent signed anew while still early (a letter of its own), that letter replayed once its time came',
    async (p, event) => {
      await refusedEarly(p, event);
      await p.rotate();
      const early = await ingestOne(p.at(10_000), p.dir, event);
      expect(text(early)).toContain('rejected FUTURE_TIME: 1');
      const [, own] = await p.letters(event.id);
      expect(own?.reason).toBe('FUTURE_TIME');
      const replay = await p.replay(p.at(600_000), own?.dlqOffset as string);
      expect(text(replay)).toContain('1 applied');
    },
  ],
  [
    'refused FUTURE_TIME before events were signed (an unsigned letter), its replay SOURCE_NOT_AUTHENTICATED, then resent signed',
    async (p, event) => {
      const offset = await refusedEarly(p, event);
      asBeforeSigning(p.dir);
      const replay = await p.replay(p.at(600_000), offset);
      expect(text(replay)).toContain(`${event.id}  rejected SOURCE_NOT_AUTHENTICATED`);
      const resent = await ingestOne(p.at(600_000), p.dir, event);
      expect(text(resent)).toContain(APPLIED);
    },
  ],
  [
    'refused STALE_PREVIOUS_STATUS (probe 11 row 33), key rotated, the cause fixed, its replay KEY_RETIRED, then resent signed anew',
    async (p, event) => {
      const first = await ingestOne(p.gba, p.dir, event);
      expect(text(first)).toContain('rejected STALE_PREVIOUS_STATUS: 1');
      const [letter] = await p.letters(event.id);
      await p.rotate();
      // The cause fixed: TD's missing status change (in review -> documents required), signed with the new key.
      const missing = tdStatus(`${event.id}-missing`, later(-90_000), {
        previousStatus: 'UNDER_PROCESSING',
        status: 'DOCUMENTS_REQUIRED',
      });
      expect(text(await ingestOne(p.gba, p.dir, missing))).toContain(APPLIED);
      expect(text(await p.replay(p.gba, letter?.dlqOffset as string))).toContain(`${event.id}  rejected KEY_RETIRED`);
      const resent = await ingestOne(p.gba, p.dir, event);
      expect(text(resent)).toContain(APPLIED);
    },
    (id) => tdStatus(id, later(-60_000), { previousStatus: 'DOCUMENTS_REQUIRED', status: 'APPROVED' }),
  ],
];

describe('a refused event whose letter can no longer come back gets in by a signed resend', () => {
  it.each(ROWS)(
    '%s: applied once, no letter left',
    async (_title, steps, make = early) => {
      const p = await platform();
      const event = make(`td-${Math.random().toString(36).slice(2, 10)}`);
      await steps(p, event);
      expect(await p.updatedAt()).toBe(event.time);
      // Every letter of it replayed: each is a duplicate now (the event is in), none applies again.
      for (const letter of await p.letters(event.id)) {
        const replay = await p.replay(p.at(700_000), letter.dlqOffset);
        expect(text(replay), letter.reason).toContain('1 duplicates');
      }
      expect(await p.letters(event.id)).toEqual([]);
      const twice = await ingestOne(p.at(700_000), p.dir, event);
      expect(text(twice)).toContain('1 duplicates');
      expect((await p.gba(['audit', 'verify'])).code).toBe(0);
    },
    120_000,
  );
});

describe('what stays as it was', () => {
  it('a FUTURE_TIME letter replayed after its key was retired is KEY_RETIRED, and still says it was first refused FUTURE_TIME', async () => {
    const p = await platform();
    const event = tdStatus('td-first-reason', EARLY);
    const offset = await refusedEarly(p, event);
    await p.rotate();
    expect(text(await p.replay(p.at(600_000), offset))).toContain('td-first-reason  rejected KEY_RETIRED');
    // Replayed once more: the first reason is carried on, not the last one's.
    const [again] = await p.letters(event.id);
    expect(again).toMatchObject({ reason: 'KEY_RETIRED', firstReason: 'FUTURE_TIME' });
    await p.replay(p.at(600_000), again?.dlqOffset as string);
    const [third] = await p.letters(event.id);
    expect(third).toMatchObject({ reason: 'KEY_RETIRED', firstReason: 'FUTURE_TIME' });
    const listed = text(await p.gba(['dlq', 'list']));
    expect(listed).toMatch(
      /KEY_RETIRED +td-first-reason {2}@\d+ {2}key hk-td-[0-9a-f]{8} .* \(first refused FUTURE_TIME\)/,
    );
  }, 120_000);

  it('an unsigned copy of TD’s early event, sent first, neither pre-empts nor blocks TD’s own, and its letter stays', async () => {
    const p = await platform();
    const event = tdStatus('td-copied', EARLY);
    const file = join(p.dir, 'copy.jsonl');
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const copy = await gbaIn(p.dir, CLI_NOW, { signed: false })(['ingest', file]);
    expect(text(copy)).toContain('rejected SOURCE_NOT_AUTHENTICATED: 1');
    const [forged] = await p.letters(event.id);
    expect(text(await p.replay(p.gba, forged?.dlqOffset as string))).toContain('rejected SOURCE_NOT_AUTHENTICATED');
    const own = await ingestOne(p.at(600_000), p.dir, event);
    expect(text(own)).toContain(APPLIED);
    expect(await p.updatedAt()).toBe(hk(EARLY));
    // The copy's letter is the trace of the attempt: replayed, refused again, never a duplicate.
    const [again] = await p.letters(event.id);
    const replay = await p.replay(p.at(600_000), again?.dlqOffset as string);
    expect(text(replay)).toContain('td-copied  rejected SOURCE_NOT_AUTHENTICATED');
    expect((await p.letters(event.id)).map((l) => l.reason)).toEqual(['SOURCE_NOT_AUTHENTICATED']);
  }, 120_000);

  it('a letter refused BAD_SIGNATURE keeps that reason on replay after its key is retired', async () => {
    const p = await platform();
    const event = tdStatus('td-tampered', later(-60_000));
    await ingestOne(p.gba, p.dir, tdStatus('td-before', later(-180_000)));
    const log = new SqliteEventLog({ path: join(p.dir, 'events.db') });
    try {
      const message = signedBinary(devPartnerKeys(p.dir))(event);
      await log.publish(TOPICS.inboundHk, [
        { ...message, value: Buffer.from(JSON.stringify({ ...event.data, status: 'REJECTED' })) },
      ]);
    } finally {
      await log.close();
    }
    // The tampered message is handled by the next ingest's connectors.
    await ingestOne(p.gba, p.dir, tdStatus('td-other', later(-120_000)));
    const [letter] = await p.letters('td-tampered');
    expect(letter?.reason).toBe('BAD_SIGNATURE');
    await p.rotate();
    const replay = await p.replay(p.gba, letter?.dlqOffset as string);
    expect(text(replay)).toContain('td-tampered  rejected BAD_SIGNATURE');
    expect((await p.letters('td-tampered')).map((l) => l.reason)).toEqual(['BAD_SIGNATURE']);
  }, 120_000);

  it('a body refused on its merits, resent as it was (its key still signs), is REJECTED_EARLIER with no new letter', async () => {
    const p = await platform();
    const event = tdStatus('td-merit', later(-60_000), { serviceId: 'svc-gz-suihaoban' });
    const first = await ingestOne(p.gba, p.dir, event);
    const [letter] = await p.letters(event.id);
    expect(letter?.reason).toBe('SERVICE_MISMATCH');
    expect(first.code).toBe(65);
    const resent = await ingestOne(p.gba, p.dir, event);
    expect(text(resent)).toContain('rejected REJECTED_EARLIER: 1');
    expect(await p.letters(event.id)).toHaveLength(1);
  }, 120_000);
});
