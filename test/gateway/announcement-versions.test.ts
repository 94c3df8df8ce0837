/**
 * A known announcement sent again by its partner system, through the real subscription (SSE): under a
 * new event id at the same time with another text it is no update (not written, not pushed); at a later
 * time it is the next version, the earlier text kept in `versions`, and subscribers are told CORRECTED,
 * never PUBLISHED again. Found by a tester (probe 6): a re-send at the same time with a new title replaced
 * the text in place (version 1, no earlier version) and went out as PUBLISHED.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

const FIRST = '2026-03-02T09:00:00+08:00';
const notice = (id: string, time: string, title: string) => ({
  specversion: '1.0',
  id,
  source: 'urn:gba:hk:td',
  type: 'hk.gov.announcement.published',
  subject: 'ann-hk-td-versions',
  time,
  datacontenttype: 'application/json',
  data: {
    announcementId: 'ann-hk-td-versions',
    agencyId: 'hk-td',
    kind: 'service-outage',
    importance: 'normal',
    title: { en: title, zhHant: '牌照櫃檯暫停服務' },
    body: { en: 'The licensing offices close for system maintenance.', zhHant: '牌照事務處因系統維修暫停服務。' },
    effectiveFrom: '2026-03-05',
    publishedAt: FIRST,
    relatedServices: ['svc-hk-td-direct-issue-dl'],
    sourceUrl: null,
  },
});

/** [what is sent, what subscribers are told: change, version and title, or nothing]. */
const ROWS: [string, Record<string, unknown>, string | null][] = [
  ['the first text', notice('anv-1', FIRST, 'Counters closed'), 'published 1 Counters closed'],
  ['the same text under a new id', notice('anv-2', FIRST, 'Counters closed'), null],
  ['another text at the same time under a new id', notice('anv-3', FIRST, 'Tie title'), null],
  ['an older text', notice('anv-4', '2026-03-01T09:00:00+08:00', 'Older title'), null],
  [
    'a later text',
    notice('anv-5', '2026-03-03T09:00:00+08:00', 'Counters closed on 6 March'),
    'corrected 2 Counters closed on 6 March',
  ],
];

describe('a known announcement sent again by its partner', () => {
  let told: string[];
  beforeAll(async () => {
    const stream = await fetch(fx.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: 'subscription { announcementPublished(importance: NORMAL) { id change version title { en } } }',
      }),
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((r) => setTimeout(r, 300));
    let text = '';
    const decoder = new TextDecoder();
    const until = async (title: string) => {
      const deadline = Date.now() + 20_000;
      while (!text.includes(title) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    const log = new SqliteEventLog({ path: join(fx.dataDir, 'events.db') });
    try {
      // The first text, told before the others are sent (a batch tells a record's last state once); then
      // the others on one subject, one partition: applied in order, so the last row told means all were handled.
      await log.publish(TOPICS.inboundHk, [
        signedBinary(devPartnerKeys(fx.dataDir))(ROWS[0]?.[1] as Record<string, unknown>),
      ]);
      await until('"Counters closed"');
      await log.publish(
        TOPICS.inboundHk,
        ROWS.slice(1).map(([, e]) => signedBinary(devPartnerKeys(fx.dataDir))(e)),
      );
    } finally {
      await log.close();
    }
    await until('Counters closed on 6 March');
    await reader.cancel();
    told = [...text.matchAll(/"announcementPublished":(\{.*?\}\})/g)]
      .map((m) => JSON.parse(m[1] as string) as { id: string; change: string; version: number; title: { en: string } })
      .filter((a) => a.id === 'ann-hk-td-versions')
      .map((a) => `${a.change.toLowerCase()} ${a.version} ${a.title.en}`);
  }, 60_000);

  it('tells subscribers of the first text and of the later one only, as published and corrected', () => {
    expect(told).toEqual(ROWS.flatMap(([, , t]) => (t ? [t] : [])));
  });

  it('keeps the earlier text as version 1', async () => {
    const response = await fetch(fx.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ announcements(filter: { jurisdiction: HK }, first: 100) { id version title { en } versions { version title { en } } } }',
      }),
    });
    const { data } = (await response.json()) as { data: { announcements: { id: string }[] } };
    expect(data.announcements.find((a) => a.id === 'ann-hk-td-versions')).toEqual({
      id: 'ann-hk-td-versions',
      version: 2,
      title: { en: 'Counters closed on 6 March' },
      versions: [{ version: 1, title: { en: 'Counters closed' } }],
    });
  });
});
