/**
 * Announcements through the gateway: an official publishes for an agency of their own jurisdiction;
 * an open SSE subscription receives it, the other side's outbound topic carries it, the list shows it
 * first, and the affected service shows it among its latest changes. Who may publish is enforced.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { devPartnerKeys, signedBinary } from '../support/partner-signing.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
let gateway: string;
let dir: { path: string };
const token = (username: string) => fx.token(username);

beforeAll(async () => {
  fx = await startPlatformFixture();
  gateway = fx.gateway;
  dir = { path: fx.dataDir };
}, 60_000);
afterAll(() => fx?.close());

async function gql(query: string, variables: Record<string, unknown> = {}, who?: string) {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${await token(who)}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const PUBLISH = `mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id jurisdiction { id name { en } } importance publishedAt } }`;
const input = (over: Record<string, unknown> = {}) => ({
  agency: 'hk-td',
  title: { en: 'Direct issue: new document check', zhHant: '直接簽發:新文件核對', zhHans: '直接签发:新文件核对' },
  body: {
    en: 'From 1 April applicants bring proof of address.',
    zhHant: '由4月1日起申請人須帶備住址證明。',
    zhHans: '自4月1日起申请人须携带住址证明。',
  },
  kind: 'PROCEDURE_UPDATE',
  importance: 'MAJOR',
  effectiveFrom: '2026-04-01',
  relatedServices: ['svc-hk-td-direct-issue-dl'],
  ...over,
});

describe('announcements', () => {
  it('reach an open subscription, the other side’s topic, the list and the affected service', async () => {
    const stream = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { announcementPublished(jurisdiction: HK) { id title { en } } }' }),
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((r) => setTimeout(r, 300));

    const published = await gql(PUBLISH, { input: input() }, 'hk-official');
    expect(published.errors).toBeUndefined();
    const { id } = (published.data ?? {}).publishAnnouncement as { id: string };
    expect(id).toMatch(/^ann-hk-/);
    // An entity reference like everywhere else, joined by the gateway (it was the string "HK").
    expect(published.data?.publishAnnouncement).toMatchObject({
      jurisdiction: { id: 'HK', name: { en: 'Hong Kong SAR' } },
    });

    let text = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 10_000;
    while (!text.includes(id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await reader.cancel();
    expect(text).toContain(`"announcementPublished":{"id":"${id}","title":{"en":"Direct issue: new document check"}}`);

    const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
    try {
      const out = (await log.readAll(TOPICS.outboundMainland))
        .map((m) => decode(m))
        .flatMap((d) => (d.ok ? [d.event] : []));
      expect(out.find((e) => e.subject === id)).toMatchObject({
        type: 'gba.announcement.published',
        data: { id, agency: 'hk-td' },
      });
    } finally {
      await log.close();
    }

    const listed = await gql('{ announcements(filter: { jurisdiction: HK, importance: MAJOR }, first: 3) { id } }');
    expect(((listed.data ?? {}).announcements as { id: string }[])[0]?.id).toBe(id);
    const service = await gql('{ service(id: "svc-hk-td-direct-issue-dl") { id title { en } latestChanges { id } } }');
    expect(((service.data ?? {}).service as { latestChanges: { id: string }[] }).latestChanges[0]?.id).toBe(id);
  });

  it('streams an announcement that arrives as a partner event, once the connectors apply it', async () => {
    const stream = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { announcementPublished(importance: NORMAL) { id agency } }' }),
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((r) => setTimeout(r, 300));
    const event = {
      specversion: '1.0',
      id: 'ann-event-0001',
      source: 'urn:gba:hk:td',
      type: 'hk.gov.announcement.published',
      subject: 'ann-hk-td-test-notice',
      time: '2026-03-02T09:00:00+08:00',
      datacontenttype: 'application/json',
      data: {
        announcementId: 'ann-hk-td-test-notice',
        agencyId: 'hk-td',
        kind: 'service-outage',
        importance: 'normal',
        title: { en: 'Licensing counters closed on 5 March', zhHant: '牌照櫃檯3月5日暫停服務' },
        body: { en: 'The licensing offices close for system maintenance.', zhHant: '牌照事務處因系統維修暫停服務。' },
        effectiveFrom: '2026-03-05',
        publishedAt: '2026-03-02T09:00:00+08:00',
        relatedServices: ['svc-hk-td-direct-issue-dl'],
        sourceUrl: null,
      },
    };
    const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
    try {
      await log.publish(TOPICS.inboundHk, [signedBinary(devPartnerKeys(fx.dataDir))(event)]);
    } finally {
      await log.close();
    }
    let text = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 10_000;
    while (!text.includes('ann-hk-td-test-notice') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await reader.cancel();
    expect(text).toContain('"announcementPublished":{"id":"ann-hk-td-test-notice","agency":"hk-td"}');
  });

  it.each([
    ['another jurisdiction', 'gd-psd'],
    ['their own jurisdiction', 'hk-dpo'],
  ])('lets an official publish only for their own agency, not one of %s', async (_where, agency) => {
    const result = await gql(
      PUBLISH,
      { input: input({ agency, importance: 'MAJOR', kind: 'SERVICE_OUTAGE' }) },
      'hk-official',
    );
    expect(result.errors?.[0]).toMatchObject({
      message: `Only officials of ${agency} publish for it; you are of hk-td.`,
      extensions: { code: 'FORBIDDEN', agency },
    });
  });

  it('records who published, shown to officials only', async () => {
    const published = await gql(
      PUBLISH,
      { input: input({ title: { en: 'Signed', zhHant: '署名', zhHans: '署名' } }) },
      'hk-official',
    );
    const { id } = (published.data ?? {}).publishAnnouncement as { id: string };
    const query = `{ announcements(filter: { jurisdiction: HK }, first: 100) { id publishedBy } }`;
    const mine = (list: { data?: Record<string, unknown> }) =>
      ((list.data ?? {}).announcements as { id: string; publishedBy: string | null }[]).find((a) => a.id === id);
    expect(mine(await gql(query, {}, 'sz-official'))).toEqual({ id, publishedBy: 'hk-official' });
    expect(mine(await gql(query, {}, 'p-0001'))).toEqual({ id, publishedBy: null });
    expect(mine(await gql(query))).toEqual({ id, publishedBy: null });
  });

  it('refuses residents, partner systems and anonymous callers', async () => {
    expect((await gql(PUBLISH, { input: input() }, 'p-0001')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(PUBLISH, { input: input() })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('returns the first announcement when the same one is sent again, and makes no second', async () => {
    const again = input({ title: { en: 'Sent twice', zhHant: '送出兩次', zhHans: '送出两次' } });
    const first = await gql(PUBLISH, { input: again }, 'hk-official');
    const second = await gql(PUBLISH, { input: again }, 'hk-official');
    expect(second.errors).toBeUndefined();
    expect(second.data?.publishAnnouncement).toEqual(first.data?.publishAnnouncement);
    const listed = await gql('{ announcements(filter: { jurisdiction: HK }, first: 100) { title { en } } }');
    const titles = ((listed.data ?? {}).announcements as { title: { en: string } }[]).map((a) => a.title.en);
    expect(titles.filter((t) => t === 'Sent twice')).toHaveLength(1);
  });

  it('takes an idempotency key: the same key returns the first result, with another input it is refused', async () => {
    const keyed = (en: string) =>
      input({ title: { en, zhHant: '鍵', zhHans: '键' }, idempotencyKey: 'hk-td-2026-04-notice-7' });
    const first = await gql(PUBLISH, { input: keyed('Keyed notice') }, 'hk-official');
    const again = await gql(PUBLISH, { input: keyed('Keyed notice') }, 'hk-official');
    expect(again.data?.publishAnnouncement).toEqual(first.data?.publishAnnouncement);
    const other = await gql(PUBLISH, { input: keyed('Another notice') }, 'hk-official');
    const { id } = (first.data ?? {}).publishAnnouncement as { id: string };
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    expect(other.errors?.[0]?.message).toContain(id);
  });

  it('derives the missing Chinese script of a text and shows it as machine-converted', async () => {
    const r = await gql(
      'mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { title { zhHant zhHans machineConverted } body { machineConverted } } }',
      { input: input({ title: { en: 'Counter hours change', zhHans: '柜台服务时间调整' } }) },
      'hk-official',
    );
    expect(r.errors).toBeUndefined();
    // Hong Kong usage: 櫃枱, where Taiwan's standard would write 櫃檯.
    expect(r.data?.publishAnnouncement).toEqual({
      title: { zhHant: '櫃枱服務時間調整', zhHans: '柜台服务时间调整', machineConverted: 'zhHant' },
      body: { machineConverted: null },
    });
  });

  it('names the bad field of a bad input', async () => {
    const date = await gql(PUBLISH, { input: input({ effectiveFrom: '2026-02-30' }) }, 'hk-official');
    expect(date.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(date.errors?.[0]?.message).toMatch(/^input\.effectiveFrom: /);
    const service = await gql(PUBLISH, { input: input({ relatedServices: ['svc-nowhere'] }) }, 'hk-official');
    expect(service.errors?.[0]?.message).toBe('input.relatedServices: no service has the id "svc-nowhere"');
    const empty = await gql(
      PUBLISH,
      { input: input({ title: { en: ' ', zhHant: '標題', zhHans: '标题' } }) },
      'hk-official',
    );
    expect(empty.errors?.[0]?.message).toMatch(/^input\.title\.en: /);
  });
});
