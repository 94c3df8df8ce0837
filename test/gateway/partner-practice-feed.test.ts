/**
 * `feedUpdated` brings a practice's new version whichever door it came through: an official's
 * `sharePractice` edit, and a partner's newer `practice.shared` the connectors apply (its next version,
 * docs/operations.md). Before, only the API's edits were pushed: a partner's reached `feed(since)` but
 * never an open subscription. From the outside: the platform as `gba start` runs it, a real SSE
 * subscription through the gateway for each side's official, the partner events sent by `gba ingest`
 * in its own process (DPO's and Suihaoban's edits), the API edit through the gateway.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaProcess } from '../support/gba-process.js';
import { sample } from '../support/pipeline-events.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const HK_PRAC = 'prac-hk-td-direct-issue-in-iamsmart';
const CN_PRAC = 'prac-gz-nansha-self-service-area';
type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const hk = (id: string, time: string): Json => {
  const e = sample('hk-inbound', 'eda9b461-99ae-5a9e-8089-e8f242892b9b') as Json;
  return {
    ...e,
    id,
    time,
    data: { ...e.data, sharedAt: time, title: { en: 'Edited', zhHant: '新標題' } },
  };
};
const cn = (): Json => {
  const e = sample('mainland-inbound', 'SHB-20260125100000-0008') as Json;
  return {
    ...e,
    id: 'feed-cn-1',
    time: '2026-11-15T10:00:00+08:00',
    data: { ...e.data, biaoti: '南沙自助服务区新标题', fabu_sj: '2026-11-15 10:00:00' },
  };
};
const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });
const SHARE = 'mutation ($i: SharePracticeInput!) { sharePractice(input: $i) { id version } }';
const practiceInput = (title: string, id?: string) => ({
  ...(id ? { id } : {}),
  title: text(title),
  summary: text('Book a slot'),
  problem: text('Queues'),
  approach: text('Appointments'),
  results: text('Shorter queues'),
  lessons: text('Publish early'),
  topics: ['kiosks'],
  relatedServices: ['svc-sz-ishenzhen-portal'],
  outcomes: [],
});

let fx: PlatformFixture;
/** What each official's open feedUpdated subscription received. */
const received = new Map<string, string>();
const streams: ReadableStreamDefaultReader<Uint8Array>[] = [];
let apiPractice = '';

async function gql(who: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await fx.token(who)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: { sharePractice: { id: string; version: number } }; errors?: unknown };
}

/** Opens `who`'s feedUpdated subscription over SSE and keeps what arrives in `received`. */
async function subscribe(who: string): Promise<void> {
  const stream = await fetch(fx.gateway, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${await fx.token(who)}`,
    },
    body: JSON.stringify({ query: 'subscription { feedUpdated { id kind practice { id version } } }' }),
  });
  expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  streams.push(reader);
  received.set(who, '');
  const decoder = new TextDecoder();
  void (async () => {
    for (let next = await reader.read(); !next.done; next = await reader.read())
      received.set(who, (received.get(who) ?? '') + decoder.decode(next.value));
  })().catch(() => undefined);
}

/** Waits until `who` received `marker` (or 15 s pass). */
async function arrived(who: string, marker: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (!received.get(who)?.includes(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return received.get(who) ?? '';
}

beforeAll(async () => {
  fx = await startPlatformFixture();
  await subscribe('sz-official');
  await subscribe('hk-official');
  await new Promise((r) => setTimeout(r, 300));
  const first = await gql('sz-official', SHARE, { i: practiceInput('Kiosk slots') });
  expect(first.errors).toBeUndefined();
  apiPractice = first.data?.sharePractice.id as string;
  const edit = await gql('sz-official', SHARE, { i: practiceInput('Kiosk slots, edited', apiPractice) });
  expect(edit.data?.sharePractice.version).toBe(2);
  const gba = gbaProcess(fx.dataDir);
  for (const [event, topic] of [
    [hk('feed-hk-1', '2026-11-15T10:00:00+08:00'), 'gba.inbound.hk'],
    // The same text again, later: no new version, so nothing to push.
    [hk('feed-hk-2', '2026-11-15T10:30:00+08:00'), 'gba.inbound.hk'],
    [cn(), 'gba.inbound.mainland'],
  ] as const) {
    const file = join(fx.dataDir, `${event.id}.jsonl`);
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const ingest = await gba(['ingest', file, '--topic', topic]);
    expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
  }
  // One ingest: TD's edit at 11:00, DPO's at 11:30, then TD's at 11:30 too (not newer than what it
  // holds: recorded only). Found by a tester (probe 12 row 56): only the batch's last version was pushed.
  const td = (id: string, time: string, en: string) => ({
    ...hk(id, time),
    source: 'urn:gba:hk:td',
    data: { ...hk(id, time).data, title: { en, zhHant: en } },
  });
  const dpo = hk('feed-hk-4', '2026-11-15T11:30:00+08:00');
  const lines = [
    td('feed-td-1', '2026-11-15T11:00:00+08:00', 'TD at eleven'),
    { ...dpo, data: { ...dpo.data, title: { en: 'DPO at half past', zhHant: '十一時半' } } },
    td('feed-td-2', '2026-11-15T11:30:00+08:00', 'TD at half past too'),
  ];
  const file = join(fx.dataDir, 'two-versions.jsonl');
  writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const ingest = await gba(['ingest', file, '--topic', 'gba.inbound.hk']);
  expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
  expect(ingest.stdout).toContain('2 applied, 1 older than the state they concern, recorded only');
}, 180_000);
afterAll(async () => {
  for (const reader of streams) await reader.cancel().catch(() => undefined);
  await fx?.close();
});

describe('feedUpdated brings a practice’s new version through either door', () => {
  it.each([
    ['an official’s sharePractice edit (SZ), to Hong Kong', 'hk-official', () => `${apiPractice}:v2`],
    ['DPO’s practice.shared edit (HK), to Shenzhen', 'sz-official', () => `${HK_PRAC}:v2`],
    ['Suihaoban’s practice.shared edit (GZ), to Hong Kong', 'hk-official', () => `${CN_PRAC}:v2`],
  ])('%s', async (_door, who, item) => {
    const got = await arrived(who, `"id":"${item()}"`);
    expect(got).toContain(`"id":"${item()}","kind":"PRACTICE_SHARED"`);
  });

  it('pushes each version one ingest made, in order, and none for an edit not newer than the held one', async () => {
    const got = await arrived('sz-official', `"id":"${HK_PRAC}:v4"`);
    const v3 = got.indexOf(`"id":"${HK_PRAC}:v3"`);
    expect(v3).toBeGreaterThan(-1);
    expect(got.indexOf(`"id":"${HK_PRAC}:v4"`)).toBeGreaterThan(v3);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.get('sz-official')).not.toContain(`"id":"${HK_PRAC}:v5"`);
  });

  it('pushes a partner’s edit once: the same text sent again is no new version', async () => {
    await new Promise((r) => setTimeout(r, 500));
    const got = await arrived('sz-official', `"id":"${HK_PRAC}:v2"`);
    expect(got.split(`"id":"${HK_PRAC}:v2"`).length - 1).toBe(1);
  });
});
