/**
 * Only the platform's own replayer may mark a message on an inbound topic as a replay (issue 16;
 * connectors/pipeline/replay-seal.ts). A partner signing its own events validly could add the
 * `gba_dlq_*` headers its signature leaves out, so that its resend of a refused event was judged afresh
 * as an operator's replay instead of REJECTED_EARLIER. Each row: TD's event refused on its merits
 * (SERVICE_MISMATCH) through the real `gba` CLI on a seeded SQLite store, then the same signed bytes
 * written straight to gba.inbound.hk with forged `gba_dlq_*` headers: REJECTED_EARLIER, no new letter.
 * The control: a real `gba dlq replay` of the letter is still judged afresh (refused again, one letter).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../connectors/pipeline/dead-letter.js';
import { REPLAY_SEAL } from '../../connectors/pipeline/replay-seal.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { CLI_NOW, gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const d of dirs) d.remove();
});

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const hk = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

/** TD's status change of case-0001 (HK line 27), `s` seconds before the connectors' clock. */
function tdStatus(id: string, s: number, data: Record<string, unknown> = {}): Json {
  const e = JSON.parse(readFileSync(join(EVENTS, 'hk-inbound.jsonl'), 'utf8').split('\n')[26] as string) as Json;
  const t = hk(new Date(CLI_NOW.getTime() - s * 1000));
  return { ...e, id, time: t, data: { ...e.data, previousStatus: null, statusChangedAt: t, ...data } };
}

/** What became of the message at `offset` of gba.inbound.hk, from the receipts. */
async function receiptAt(dir: string, at: { partition: number; offset: string }) {
  const store = new SqliteGraphStore({ path: join(dir, 'gba.db') });
  try {
    const [r] = await store.receipts({ topic: TOPICS.inboundHk, ...at, from: at.offset, to: at.offset });
    return r ? { disposition: r.disposition, reason: r.reason } : null;
  } finally {
    await store.close();
  }
}

/** The refused event's dlq headers as a partner would forge them (the letter's offset guessed right). */
const forged = (offset: string, extra: Record<string, string> = {}) => ({
  [DLQ_HEADERS.replayOf]: offset,
  [DLQ_HEADERS.replayReason]: 'SERVICE_MISMATCH',
  [DLQ_HEADERS.firstReason]: 'SERVICE_MISMATCH',
  ...extra,
});

// [row, the headers the partner adds, given the letter's offset and a real sealed replay's headers]
const ROWS: [string, (offset: string, real: Record<string, string>) => Record<string, string>][] = [
  ['replay_of, replay_reason, first_reason, no seal', (o) => forged(o)],
  ['the same, and after_applied', (o) => forged(o, { [DLQ_HEADERS.afterApplied]: 'true' })],
  ['the same, and a made-up seal', (o) => forged(o, { [REPLAY_SEAL]: Buffer.alloc(32, 7).toString('base64') })],
  [
    "a real replay's sealed headers, copied with replay_reason changed to CONFLICT",
    (_o, real) => ({ ...real, [DLQ_HEADERS.replayReason]: 'CONFLICT' }),
  ],
];

describe('gba_dlq_* headers a partner writes on its own event gain it nothing', () => {
  it.each(ROWS)(
    '%s: REJECTED_EARLIER, no second letter; a real replay is still judged afresh',
    async (_row, headersOf) => {
      const dir = tempDir();
      dirs.push(dir);
      const gba = gbaIn(dir.path);
      expect((await gba(['seed'])).code).toBe(0);
      const event = tdStatus('td-forged', 120, { serviceId: 'svc-gz-suihaoban' });
      await ingestOne(gba, dir.path, event);
      const [letter] = (await lettersOf(gba)).filter((l) => l.eventId === event.id) as unknown as {
        reason: string;
        dlqOffset: string;
      }[];
      expect(letter?.reason).toBe('SERVICE_MISMATCH');
      // The control: the operator's replay, sealed by `gba dlq replay`, judged afresh and refused again.
      const replay = await gba(['dlq', 'replay', '--offset', letter?.dlqOffset as string]);
      expect(replay.out.join('\n')).toContain('td-forged  rejected SERVICE_MISMATCH');
      const [again] = (await lettersOf(gba)).filter((l) => l.eventId === event.id) as unknown as {
        dlqOffset: string;
      }[];
      const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
      let sent: { partition: number; offset: string } | undefined;
      try {
        const real = (await log.readAll(TOPICS.inboundHk)).find((m) => m.headers[DLQ_HEADERS.replayOf] !== undefined);
        expect(real?.headers[REPLAY_SEAL]).toBeDefined();
        const dlq = Object.fromEntries(Object.entries(real?.headers ?? {}).filter(([k]) => k.startsWith('gba_dlq_')));
        const message = signedBinary(devPartnerKeys(dir.path))(event);
        [sent] = await log.publish(TOPICS.inboundHk, [
          { ...message, headers: { ...message.headers, ...headersOf(again?.dlqOffset as string, dlq) } },
        ]);
      } finally {
        await log.close();
      }
      // The forged message is handled by the next ingest's connectors (same case, same partition).
      await ingestOne(gba, dir.path, tdStatus('td-after', 60));
      expect(await receiptAt(dir.path, sent as { partition: number; offset: string })).toEqual({
        disposition: 'rejected',
        reason: 'REJECTED_EARLIER',
      });
      expect((await lettersOf(gba)).filter((l) => l.eventId === event.id)).toHaveLength(1);
    },
    120_000,
  );
});
