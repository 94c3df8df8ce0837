/**
 * The assistant answers from the graph in the asker's script, with colloquial wording and a typo,
 * cites every record it used, surfaces a change to the cited service, says so when it does not know,
 * and keeps no personal data in its question log.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
const today = new Date('2026-04-01T00:00:00+08:00');
let fixture: GatewayFixture;
beforeAll(async () => {
  await store.init();
  await seedGraph(store);
  fixture = await startGatewayFixture();
});
afterAll(async () => {
  await fixture?.close();
  await store.close();
  dir.remove();
});

const ids = (a: Awaited<ReturnType<typeof answer>>) => a.citations.map((c) => `${c.kind}:${c.id}`);

describe('the assistant', () => {
  it.each([
    ['en', 'How do I swap my mainland driving licence for a Hong Kong one?'],
    ['zhHant', '點樣用內地車牌換香港駕駛執照?'],
    ['zhHans', '内地驾照怎么换成香港驾照'],
  ] as const)('answers in %s from the service, with its citation and its latest change', async (lang, question) => {
    const a = await answer(store, question, { today });
    expect(a).toMatchObject({ lang, known: true });
    expect(ids(a)[0]).toBe('Service:svc-hk-td-direct-issue-dl');
    expect(ids(a)).toContain('Announcement:ann-hk-td-direct-issue-online-booking');
    const title = { en: 'Direct issue of a full Hong Kong driving licence', zhHant: '直接簽發', zhHans: '直接签发' }[
      lang
    ];
    expect(a.text).toContain(title);
    expect(a.citations[0]?.url).toMatch(/^https:\/\/td\.gov\.hk\//);
    expect(a.text).toMatch(
      { en: /Since 2026-03-16 it has changed/, zhHant: /自2026-03-16起有變/, zhHans: /自2026-03-16起有变/ }[lang],
    );
  });

  it.each([
    [
      'en',
      'How do I swap my mainland driving licence for a Hong Kong one?',
      /From 2026-03-16 it will change: Online appointment booking required/,
      /Since 2026-01-08 it has changed: No more on-site queue tickets/,
    ],
    [
      'zhHant',
      '內地車牌點樣換香港車牌？',
      /由2026-03-16起將有變: 直接簽發駕駛執照櫃位服務須網上預約/,
      /自2026-01-08起有變: 直接簽發正式駕駛執照不再派發即場籌號/,
    ],
    [
      'zhHans',
      '内地驾照怎么换成香港驾照',
      /自2026-03-16起将有变: 直接签发驾驶执照柜台服务须网上预约/,
      /自2026-01-08起有变: 直接签发正式驾驶执照不再发放现场号码票/,
    ],
  ] as const)(
    'in %s, tells of a change still to come as one that will come, and of the change in force since its date, citing both',
    async (_, question, coming, inForce) => {
      const a = await answer(store, question, { today: new Date('2026-03-01T00:00:00+08:00') });
      expect(a.text).toMatch(coming);
      expect(a.text).toMatch(inForce);
      expect(a.text).not.toMatch(/2026-03-16 it has changed|自2026-03-16起有/);
      expect(ids(a)).toEqual(
        expect.arrayContaining([
          'Announcement:ann-hk-td-direct-issue-online-booking',
          'Announcement:ann-hk-td-direct-issue-no-onsite-tickets',
        ]),
      );
    },
  );

  it.each([
    ['en', 'Can I still get a same-day queue ticket for direct issue of a licence?', 'No more on-site queue tickets'],
    ['zhHant', '直接簽發車牌仲可唔可以即日攞籌？', '不再派發即場籌號'],
    ['zhHans', '直接签发驾照还能现场取号吗', '不再发放现场号码票'],
  ] as const)(
    'in %s, tells of the change the question is about, not the newest one, and cites it',
    async (_, question, title) => {
      const a = await answer(store, question, { today });
      expect(a.known).toBe(true);
      expect(a.text).toContain(title);
      expect(ids(a)).toContain('Announcement:ann-hk-td-direct-issue-no-onsite-tickets');
      expect(ids(a)).not.toContain('Announcement:ann-hk-td-direct-issue-online-booking');
      expect(ids(a)).toContain('Service:svc-hk-td-direct-issue-dl');
    },
  );

  it.each([
    ['en', 'When are iAM Smart services suspended for maintenance?'],
    ['zhHant', '智方便幾時維護暫停服務？'],
    ['zhHans', '智方便服务什么时候因维护暂停'],
  ] as const)(
    'in %s, answers from the notice a question is about, though search ranks services first',
    async (_, question) => {
      const a = await answer(store, question, { today });
      expect(a.known).toBe(true);
      expect(ids(a)[0]).toBe('Announcement:ann-hk-iamsmart-maintenance');
    },
  );

  it('does not tell of a notice before it is published', async () => {
    const a = await answer(store, 'How do I swap my mainland driving licence for a Hong Kong one?', {
      today: new Date('2026-01-20T00:00:00+08:00'),
    });
    expect(ids(a)).not.toContain('Announcement:ann-hk-td-direct-issue-online-booking');
    expect(a.text).toMatch(/Since 2026-01-08 it has changed/);
  });

  it('understands a typo and mixed wording', async () => {
    const a = await answer(store, 'where can I registr for iamsmart outside hong kong', { today });
    expect(a.known).toBe(true);
    expect(ids(a)[0]).toBe('Service:svc-hk-iamsmart-selfreg-kiosk');
  });

  it('understands a question mixing scripts', async () => {
    const a = await answer(store, '喺香港以外點樣登記 iAM Smart?', { today });
    expect(a).toMatchObject({ lang: 'zhHant', known: true });
    expect(ids(a)[0]).toBe('Service:svc-hk-iamsmart-selfreg-kiosk');
  });

  it('answers on a fresh data directory, seeding it first as gba start does', async () => {
    const fresh = tempDir();
    const out: string[] = [];
    try {
      expect(
        await main(['ask', '--lang', 'zh-Hans', 'How do I renew my driving licence online?'], {
          out: (l) => out.push(l),
          err: () => {},
          env: { DATA_DIR: fresh.path },
        }),
      ).toBe(0);
      expect(out[0]).toMatch(/^网上续领正式驾驶执照/);
    } finally {
      fresh.remove();
    }
  });

  it('says plainly when the records do not cover the question, offering the closest services', async () => {
    const a = await answer(store, 'how much does a cat cost', { today });
    expect(a).toMatchObject({ known: false, citations: [] });
    expect(a.text).toMatch(/^I could not find this in the records of GBA Exchange/);
    const nothing = await answer(store, 'what is the weather on mars', { today });
    expect(nothing.known).toBe(false);
  });

  it('answers through the gateway, and the question log keeps no identity number, phone or e-mail', async () => {
    const response = await fixture.query(
      'query ($q: String!) { ask(question: $q) { lang known citations { kind id } } }',
      {
        variables: {
          q: 'How do I join social insurance in Guangdong? Reach me at me@example.org or +852 9123 4567, HKID A123456(7)',
        },
      },
    );
    const body = (await response.json()) as { data: { ask: { known: boolean; citations: { id: string }[] } } };
    expect(body.data.ask.known).toBe(true);
    expect(body.data.ask.citations[0]?.id).toBe('svc-gd-hk-mo-social-insurance');
    const logged = fixture.logs().find((l) => l.msg === 'assistant question');
    expect(logged?.question).toBe(
      'How do I join social insurance in Guangdong? Reach me at [e-mail] or [phone], HKID [id number]',
    );
  });

  it('declines through the gateway what the records do not cover, suggesting the closest records', async () => {
    const response = await fixture.query(
      'query ($q: String!) { ask(question: $q) { known citations { id } suggestions { kind id title } } }',
      { variables: { q: '喺前海註冊公司要咩手續？' } },
    );
    const body = (await response.json()) as {
      data: { ask: { known: boolean; citations: unknown[]; suggestions: { kind: string; id: string }[] } };
    };
    expect(body.data.ask).toMatchObject({ known: false, citations: [] });
    expect(body.data.ask.suggestions.length).toBeGreaterThan(0);
    expect(body.data.ask.suggestions[0]?.kind).toMatch(/^(SERVICE|PRACTICE|ANNOUNCEMENT)$/);
  });

  it('refuses an empty question naming the argument', async () => {
    const body = (await (await fixture.query('{ ask(question: "  ") { text } }')).json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]).toMatchObject({
      message: 'question: must be 1 to 500 characters',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it.each([
    ['en', 'EN'],
    ['zh-Hant', 'ZH_HANT'],
    ['zh-Hans', 'ZH_HANS'],
  ])('gba ask --lang takes %s and its GraphQL name %s alike', async (tag, name) => {
    const ask = async (lang: string) => {
      const out: string[] = [];
      const args = ['ask', '--lang', lang, 'How do I renew my driving licence online?'];
      expect(await main(args, { out: (l) => out.push(l), err: () => {}, env: { DATA_DIR: dir.path } })).toBe(0);
      return out;
    };
    expect(await ask(name)).toEqual(await ask(tag));
  });

  it('refuses another spelling of a language with the usage naming both', async () => {
    const err: string[] = [];
    const args = ['ask', '--lang', 'zh_hans', 'hello'];
    expect(await main(args, { out: () => {}, err: (l) => err.push(l), env: { DATA_DIR: dir.path } })).toBe(64);
    expect(err[0]).toContain('--lang en|zh-Hant|zh-Hans|EN|ZH_HANT|ZH_HANS');
  });

  it('answers from the terminal with gba ask, exiting 1 when it does not know', async () => {
    const out: string[] = [];
    const env = { DATA_DIR: dir.path };
    expect(await main(['ask', '港澳居民在广东怎么交社保'], { out: (l) => out.push(l), err: () => {}, env })).toBe(0);
    expect(out.find((l) => l.startsWith('['))).toMatch(/^\[Service svc-gd-hk-mo-social-insurance\] /);
    expect(await main(['ask', 'how much does a cat cost'], { out: () => {}, err: () => {}, env })).toBe(1);
  });
});
