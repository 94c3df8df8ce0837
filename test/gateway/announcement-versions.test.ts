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
const notice = (id: string, time: string, title: string, publishedAt = FIRST) => ({
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
    publishedAt,
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
    'a later text, published anew',
    notice('anv-5', '2026-03-03T09:00:00+08:00', 'Counters closed on 6 March', '2026-03-03T09:00:00+08:00'),
    'corrected 2 Counters closed on 6 March',
  ],
  // Probe 11 row 14: the correction sent again under a new id, later, its data byte for byte the same, was
  // version 3 (the text of version 2) and pushed as CORRECTED again; so was a later publishedAt alone.
  [
    'the later text again under a new id, at a later time',
    notice('anv-6', '2026-03-03T10:00:00+08:00', 'Counters closed on 6 March', '2026-03-03T09:00:00+08:00'),
    null,
  ],
  [
    'the later text with a later publishedAt only',
    notice('anv-7', '2026-03-04T09:00:00+08:00', 'Counters closed on 6 March', '2026-03-04T09:00:00+08:00'),
    null,
  ],
  [
    'a text later still',
    notice('anv-8', '2026-03-05T09:00:00+08:00', 'Counters reopen on 7 March', '2026-03-05T09:00:00+08:00'),
    'corrected 3 Counters reopen on 7 March',
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
      // A batch tells a record's last state once: the rows are sent in runs, each ending with a row
      // that is told, and the next run only once it was; a run is on one subject, one partition,
      // applied in order, so its last row told means all of it was handled.
      let run: Record<string, unknown>[] = [];
      for (const [, event, title] of ROWS) {
        run.push(event);
        if (title === null) continue;
        await log.publish(
          TOPICS.inboundHk,
          run.map((e) => signedBinary(devPartnerKeys(fx.dataDir))(e)),
        );
        await until(`"${title.split(' ').slice(2).join(' ')}"`);
        run = [];
      }
    } finally {
      await log.close();
    }
    await reader.cancel();
    told = [...text.matchAll(/"announcementPublished":(\{.*?\}\})/g)]
      .map((m) => JSON.parse(m[1] as string) as { id: string; change: string; version: number; title: { en: string } })
      .filter((a) => a.id === 'ann-hk-td-versions')
      .map((a) => `${a.change.toLowerCase()} ${a.version} ${a.title.en}`);
  }, 60_000);

  it('tells subscribers of the first text and of the later one only, as published and corrected', () => {
    expect(told).toEqual(ROWS.flatMap(([, , t]) => (t ? [t] : [])));
  });

  it('keeps each earlier text once, as versions 1 and 2', async () => {
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
      version: 3,
      title: { en: 'Counters reopen on 7 March' },
      versions: [
        { version: 1, title: { en: 'Counters closed' } },
        { version: 2, title: { en: 'Counters closed on 6 March' } },
      ],
    });
  });
});
