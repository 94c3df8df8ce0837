/**
 * Corrections and withdrawals through the gateway: only officials of the announcing agency make
 * them; a correction keeps the earlier text as a version; a withdrawn announcement leaves the list
 * and the service's latest changes; subscribers and the other side's outbound topic hear of each.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;

beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

type Result = { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function gql(query: string, variables: Record<string, unknown> = {}, who?: string): Promise<Result> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await fx.token(who)}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });
const SERVICE = 'svc-hk-td-direct-issue-dl';

async function publish(en: string): Promise<string> {
  const r = await gql(
    'mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id } }',
    {
      input: {
        agency: 'hk-td',
        title: text(en),
        body: text(`${en}: body`),
        kind: 'PROCEDURE_UPDATE',
        importance: 'NORMAL',
        effectiveFrom: '2026-04-01',
        relatedServices: [SERVICE],
      },
    },
    'hk-official',
  );
  expect(r.errors).toBeUndefined();
  return ((r.data ?? {}).publishAnnouncement as { id: string }).id;
}

const CORRECT = `mutation ($input: CorrectAnnouncementInput!) { correctAnnouncement(input: $input) {
  id change version correctedAt title { en } versions { version title { en } by } } }`;
const WITHDRAW = `mutation ($id: ID!, $reason: String) { withdrawAnnouncement(id: $id, reason: $reason) {
  id change withdrawnAt withdrawnBy withdrawnReason } }`;

async function outbound(id: string) {
  const log = new SqliteEventLog({ path: join(fx.dataDir, 'events.db') });
  try {
    return (await log.readAll(TOPICS.outboundMainland))
      .map((m) => decode(m))
      .flatMap((d) => (d.ok ? [d.event] : []))
      .filter((e) => e.subject === id);
  } finally {
    await log.close();
  }
}

describe('correcting and withdrawing announcements', () => {
  it.each([
    ['an official of the announcing agency', 'hk-official', null],
    ['an official of another agency', 'sz-official', 'FORBIDDEN'],
    ['a resident', 'p-0001', 'FORBIDDEN'],
    ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
  ])('lets %s correct and withdraw, or refuses', async (_who, who, code) => {
    const id = await publish(`Who may change: ${who}`);
    const corrected = await gql(CORRECT, { input: { id, title: text('Corrected') } }, who);
    const withdrawn = await gql(WITHDRAW, { id }, who);
    for (const r of [corrected, withdrawn]) {
      if (code) expect(r.errors?.[0]?.extensions?.code).toBe(code);
      else expect(r.errors).toBeUndefined();
    }
  });

  it('answers NOT_FOUND for an unknown announcement', async () => {
    const corrected = await gql(CORRECT, { input: { id: 'ann-hk-nowhere', title: text('x') } }, 'hk-official');
    const withdrawn = await gql(WITHDRAW, { id: 'ann-hk-nowhere' }, 'hk-official');
    expect(corrected.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(withdrawn.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps the corrected text as an earlier version, with who wrote it', async () => {
    const id = await publish('Counter moves to Floor 3');
    const r = await gql(CORRECT, { input: { id, title: text('Counter moves to Floor 4') } }, 'hk-official');
    expect(r.errors).toBeUndefined();
    expect(r.data?.correctAnnouncement).toMatchObject({
      id,
      change: 'CORRECTED',
      version: 2,
      title: { en: 'Counter moves to Floor 4' },
      versions: [{ version: 1, title: { en: 'Counter moves to Floor 3' }, by: 'hk-official' }],
    });
    const again = await gql(CORRECT, { input: { id, body: text('Use lift B') } }, 'hk-official');
    expect(again.data?.correctAnnouncement).toMatchObject({ version: 3, title: { en: 'Counter moves to Floor 4' } });
    const events = await outbound(id);
    expect(events.map((e) => (e.data as { change: string }).change)).toEqual(['published', 'corrected', 'corrected']);
    expect(events[2]?.data).toMatchObject({ version: 3, body: { en: 'Use lift B' } });
    expect(events[2]?.data).not.toHaveProperty('versions');
  });

  it.each([
    ['nothing to correct', { id: 'ann-hk-x' }, 'input'],
    ['a blank title', { id: 'ann-hk-x', title: { en: ' ', zhHant: '標', zhHans: '标' } }, 'input.title.en'],
    ['an impossible date', { id: 'ann-hk-x', effectiveFrom: '2026-02-30' }, 'input.effectiveFrom'],
  ])('names the bad field of a correction with %s', async (_case, input, field) => {
    const r = await gql(CORRECT, { input }, 'hk-official');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message.startsWith(`${field}: `)).toBe(true);
  });

  it('drops a withdrawn announcement from the list and the latest changes, and tells the other side', async () => {
    const id = await publish('Withdrawn notice');
    const ids = async (query: string, who?: string) => JSON.stringify((await gql(query, {}, who)).data);
    const LIST = '{ announcements(filter: { jurisdiction: HK }, first: 100) { id } }';
    const LATEST = `{ service(id: "${SERVICE}") { latestChanges { id } } }`;
    expect(await ids(LIST)).toContain(id);
    expect(await ids(LATEST)).toContain(id);
    const r = await gql(WITHDRAW, { id, reason: 'Published by mistake' }, 'hk-official');
    expect(r.data?.withdrawAnnouncement).toMatchObject({
      change: 'WITHDRAWN',
      withdrawnBy: 'hk-official',
      withdrawnReason: 'Published by mistake',
    });
    expect(await ids(LIST)).not.toContain(id);
    expect(await ids(LATEST)).not.toContain(id);
    const WITH = '{ announcements(filter: { jurisdiction: HK, includeWithdrawn: true }, first: 100) { id } }';
    expect(await ids(WITH, 'sz-official')).toContain(id);
    expect(await ids(WITH)).not.toContain(id);
    const events = await outbound(id);
    expect(events.at(-1)).toMatchObject({ type: 'gba.announcement.published', data: { id, change: 'withdrawn' } });
    expect(events.at(-1)?.data).not.toHaveProperty('withdrawnBy');
    const twice = await gql(WITHDRAW, { id }, 'hk-official');
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const blank = await gql(WITHDRAW, { id: await publish('Blank reason'), reason: ' ' }, 'hk-official');
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('streams a correction and a withdrawal to announcementPublished subscribers', async () => {
    const id = await publish('Streamed change');
    const stream = await fetch(fx.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { announcementPublished(jurisdiction: HK) { id change version } }' }),
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((r) => setTimeout(r, 300));
    await gql(CORRECT, { input: { id, importance: 'MAJOR' } }, 'hk-official');
    await gql(WITHDRAW, { id }, 'hk-official');
    const withdrawn = `{"id":"${id}","change":"WITHDRAWN","version":2}`;
    let seen = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 10_000;
    while (!seen.includes(withdrawn) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    await reader.cancel();
    expect(seen).toContain(`{"id":"${id}","change":"CORRECTED","version":2}`);
    expect(seen).toContain(withdrawn);
  });
});
