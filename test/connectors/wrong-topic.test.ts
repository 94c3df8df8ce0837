/**
 * An event on the other side's inbound topic is not its source's to send (WRONG_TOPIC_FOR_SOURCE), so its
 * refusal consumes nothing of the (source, id) it claims: it is known by its bytes on that topic, as an event
 * with no usable id (pipeline.ts `knownAs`, docs/operations.md). Through `gba ingest` and `gba dlq replay`
 * on a seeded SQLite store: the partner's own event sent later on its own topic applies, a system on the
 * other side cannot block or supersede another system's id, and a replay of a wrong-topic letter is judged
 * again, goes back to the queue with its reason (never a duplicate, never to another topic).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { CLI_NOW, gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const LATER = new Date(CLI_NOW.getTime() + 3_600_000);
const gba = gbaIn(dir.path);

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
});
afterAll(() => dir.remove());

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
/** DPO's announcement ann-hk-cbps-kiosk-macao (line 3 of the HK sample stream), retitled `title` under `id`. */
const announcement = (id: string, title: string, time = '2026-11-15T09:00:00+08:00') => {
  const e = JSON.parse(readFileSync(join(EVENTS, 'hk-inbound.jsonl'), 'utf8').split('\n')[2] as string);
  return { ...e, id, time, data: { ...e.data, title: { en: title, zhHant: title } } };
};
/** Ahead of the connectors' clock (FUTURE_TIME), fine an hour later: a refusal whose cause passes. */
const ahead = (mm: string) => `2026-11-15T12:${mm}:00+08:00`;

interface Letter {
  readonly dlqOffset: string;
  readonly eventId: string;
  readonly reason: string;
  readonly topic: string;
}

async function ingest(events: readonly object[], topic: string = TOPICS.inboundHk, run = gba) {
  const file = join(dir.path, 'events.jsonl');
  writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return run(['ingest', file, '--topic', topic]);
}

const letters = async (id: string) =>
  (JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as Letter[]).filter((l) => l.eventId === id);

async function title(): Promise<string | undefined> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const [a] = await store.getByIds('Announcement', ['ann-hk-cbps-kiosk-macao']);
    return (a as { title: { en: string } } | undefined)?.title.en;
  } finally {
    await store.close();
  }
}

describe('an event on the wrong topic does not consume its id', () => {
  it('the partner sends it on the wrong topic twice, then on its own: one letter, then it applies', async () => {
    const event = announcement('wt-same-bytes', 'Sent on its own topic at last');
    expect((await ingest([event], TOPICS.inboundMainland)).code).toBe(65);
    const again = await ingest([event], TOPICS.inboundMainland);
    expect(again.out.join('\n')).toContain('wt-same-bytes  rejected earlier: WRONG_TOPIC_FOR_SOURCE');
    expect(await letters('wt-same-bytes')).toMatchObject([
      { reason: 'WRONG_TOPIC_FOR_SOURCE', topic: TOPICS.inboundMainland },
    ]);
    const own = await ingest([event]);
    expect(own.out.join('\n')).toContain('1 applied');
    expect(own.code).toBe(0);
    expect(await title()).toBe('Sent on its own topic at last');
  });

  it('a replay of the wrong-topic letter is judged again and goes back to the queue, not a duplicate', async () => {
    const [letter] = await letters('wt-same-bytes');
    const replay = await gba(['dlq', 'replay', '--offset', letter?.dlqOffset as string]);
    expect(replay.out.join('\n')).toContain('wt-same-bytes  rejected WRONG_TOPIC_FOR_SOURCE');
    expect(replay.out.join('\n')).toContain('0 duplicates');
    expect(replay.code).toBe(65);
    const [back] = await letters('wt-same-bytes');
    expect(back).toMatchObject({ reason: 'WRONG_TOPIC_FOR_SOURCE', topic: TOPICS.inboundMainland });
    expect(back?.dlqOffset).not.toBe(letter?.dlqOffset);
  });

  it('other bytes under the id on the wrong topic do not supersede: their replay is refused again', async () => {
    const forgedFirst = announcement('wt-forged-first', 'Forged', '2026-11-15T09:10:00+08:00');
    expect((await ingest([forgedFirst], TOPICS.inboundMainland)).code).toBe(65);
    const own = announcement('wt-forged-first', 'The partner’s own', '2026-11-15T09:10:00+08:00');
    expect((await ingest([own])).code).toBe(0);
    expect(await title()).toBe('The partner’s own');
    const [forged] = await letters('wt-forged-first');
    const replay = await gba(['dlq', 'replay', '--offset', forged?.dlqOffset as string]);
    expect(replay.out.join('\n')).toContain('wt-forged-first  rejected WRONG_TOPIC_FOR_SOURCE');
    expect(await letters('wt-forged-first')).toMatchObject([{ reason: 'WRONG_TOPIC_FOR_SOURCE' }]);
    expect(await title()).toBe('The partner’s own');
  });

  it.each([
    ['a valid event', 'wt-block-valid', ahead('30'), (id: string) => announcement(id, 'Forged')],
    ['an invalid event', 'wt-block-invalid', ahead('40'), (id: string) => ({ ...announcement(id, 'x'), data: {} })],
  ])(
    '%s on the wrong topic under the id of a refused letter does not block its replay',
    async (_w, id, time, forged) => {
      const mine = announcement(id, `Replayed ${id}`, time);
      // The forged one before and after the partner's refused event: neither may take its id.
      expect((await ingest([forged(id)], TOPICS.inboundMainland)).code).toBe(65);
      expect((await ingest([mine])).code).toBe(65);
      expect((await ingest([{ ...forged(id), time: '2026-11-15T09:01:00+08:00' }], TOPICS.inboundMainland)).code).toBe(
        65,
      );
      const own = (await letters(id)).find((l) => l.reason === 'FUTURE_TIME') as Letter;
      expect(own.topic).toBe(TOPICS.inboundHk);
      const replay = await gbaIn(dir.path, LATER)(['dlq', 'replay', '--offset', own.dlqOffset]);
      expect(replay.out.join('\n')).toContain(`${id}  applied`);
      expect(replay.code).toBe(0);
      expect(await title()).toBe(`Replayed ${id}`);
      expect((await letters(id)).map((l) => l.reason)).not.toContain('FUTURE_TIME');
    },
  );

  it('leaves the audit chain intact', async () => {
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
