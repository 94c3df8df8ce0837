/**
 * Announcements reach subscribers (announcementPublished, feedUpdated) through the pipeline's
 * onApplied: one already known as it is, or older than the one held, is not pushed again as new.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../connectors/pipeline/pipeline.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { signedBinary } from '../support/partner-signing.js';
import { seededEngines } from '../support/seeded-engines.js';

const { store, audit, transport, receipts, partnerKeys } = seededEngines();
const toBinary = signedBinary(partnerKeys);
const pushed: string[] = [];
const pipeline = new Pipeline({
  store,
  audit,
  receipts,
  transport,
  partnerKeys,
  now: () => new Date('2026-03-01T00:00:00+08:00'),
  onApplied: (label, record) => {
    if (label === 'Announcement') pushed.push((record as { title: { en: string } }).title.en);
  },
});

const known = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8').split(
    '\n',
  )[2] as string,
) as { id: string; time: string; data: { title: { en: string; zhHant: string } } };

async function deliver(event: Record<string, unknown>) {
  const [sent] = await transport.publish(TOPICS.inboundHk, [toBinary(event)]);
  const messages = (await transport.readAll(TOPICS.inboundHk)).filter(
    (m) => m.partition === sent?.partition && m.offset === sent?.offset,
  );
  return pipeline.handle({ topic: TOPICS.inboundHk, partition: sent?.partition ?? 0, messages });
}

describe('announcements pushed to subscribers', () => {
  it('does not push an announcement already known as it is, sent again under a new id', async () => {
    expect(await deliver({ ...known, id: 'again-1' })).toMatchObject({ rejected: {} });
    expect(pushed).toEqual([]);
  });

  it('pushes a correction once, and not an older version sent after it', async () => {
    const corrected = { en: 'Kiosk opens in Macao (corrected)', zhHant: known.data.title.zhHant };
    await deliver({
      ...known,
      id: 'again-2',
      time: '2026-01-05T00:00:00+08:00',
      data: { ...known.data, title: corrected },
    });
    await deliver({
      ...known,
      id: 'again-3',
      time: '2025-12-30T00:00:00+08:00',
      data: { ...known.data, title: { ...corrected, en: 'Older' } },
    });
    expect(pushed).toEqual(['Kiosk opens in Macao (corrected)']);
  });

  // Probe 9 row 14: a withdrawn announcement changed by a newer partner event was pushed WITHDRAWN again.
  it('does not push a withdrawn announcement a newer partner event would change', async () => {
    const booking = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/hk-inbound.jsonl'), 'utf8').split(
        '\n',
      )[32] as string,
    ) as { id: string; data: { announcementId: string } };
    const [held] = await store.getByIds('Announcement', [booking.data.announcementId]);
    if (!held) throw new Error('no such announcement in the sample data');
    await store.write([{ label: 'Announcement', records: [{ ...held, withdrawnAt: '2026-02-01T00:00:00+08:00' }] }]);
    const before = pushed.length;
    const outcome = await deliver({
      ...booking,
      id: 'after-withdrawal',
      time: '2026-02-10T00:00:00+08:00',
      data: { ...booking.data, title: { en: 'Revived', zhHant: '復活' }, publishedAt: '2026-02-10T00:00:00+08:00' },
    });
    expect(outcome).toMatchObject({ rejected: { ANNOUNCEMENT_WITHDRAWN: 1 } });
    expect(pushed.length).toBe(before);
  });
});
