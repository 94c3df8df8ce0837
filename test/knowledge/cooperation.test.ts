/**
 * Regional cooperation through the gateway (#9): sharing (drafts, versions, outbound events in each
 * side's dialect), adoptions with outcomes, questions to the owner and answers, the feed, and who may
 * do what. Tokens come from the dev identity provider; outbound events are read from the store's
 * outbox, where the connectors would pick them up.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { connectorsOutbox } from '../../connectors/pipeline/outbox.js';
import { validate } from '../../connectors/pipeline/validate.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { CooperationDesk, type ShareInput } from '../../services/knowledge/cooperation/desk.js';
import { otherSide } from '../../services/knowledge/cooperation/feed.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked by shape in the assertions.
type Result = any;

async function gql(who: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${await fx.idp.token(who)}` } : {};
  return (await fx.query(query, { variables, headers })).json();
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });
const shareInput = (over: Record<string, unknown> = {}) => ({
  title: text('One-window licence renewal'),
  summary: text('Renew a licence at one window'),
  problem: text('Residents queued twice'),
  approach: text('One window, one form'),
  results: text('Half the visits'),
  lessons: text('Start with the form'),
  topics: ['zero-redirection', 'driving-licence'],
  relatedServices: ['svc-sz-ishenzhen-portal'],
  outcomes: [{ metric: 'visits-per-case', value: 1, unit: 'visits', date: '2026-02-01' }],
  ...over,
});

const SHARE = `mutation ($input: SharePracticeInput!) { sharePractice(input: $input) {
  id state version jurisdiction { id } agency { id } title { en } outcomes { selfReported sourced }
  versions { version title { en } } } }`;
const ADOPT = `mutation ($input: AdoptPracticeInput!) { adoptPractice(input: $input) {
  practice { id } jurisdiction { id } agency { id } status date outcomes { metric value selfReported } } }`;
const ASK = `mutation ($input: AskOwnerInput!) { askOwner(input: $input) { id text owner { id } askedBy { agency { id } } answers { id } } }`;
const ANSWER = `mutation ($input: AnswerQuestionInput!) { answerQuestion(input: $input) { id answers { text answeredBy { username agency { id } } } } }`;
const FEED = `query ($since: String, $first: Int, $after: String, $j: ID) { feed(jurisdiction: $j, since: $since, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind at jurisdiction { id } practice { id } adoption { status } question { id } answer { text } } } } }`;

/** The outbound CloudEvents queued for one topic about one practice. */
async function outbound(topic: string, practice: string) {
  const pending = await fx.store.pendingOutbox(10_000);
  return pending
    .filter((m) => m.topic === topic)
    .map((m) => decode({ headers: m.headers, value: Buffer.from(m.value, 'base64') }))
    .flatMap((d) => (d.ok ? [d.event] : []))
    .filter((e) => e.subject === practice);
}

const codes = (r: Result): unknown[] => (r.errors ?? []).map((e: Result) => e.extensions.code);

describe('sharePractice', () => {
  it('publishes a practice of the official’s own jurisdiction and agency, from the token', async () => {
    const r = await gql('sz-official', SHARE, { input: shareInput() });
    expect(r.errors).toBeUndefined();
    expect(r.data.sharePractice).toMatchObject({
      id: 'prac-sz-one-window-licence-renewal',
      state: 'PUBLISHED',
      version: 1,
      jurisdiction: { id: 'SZ' },
      agency: { id: 'sz-gov-data-bureau' },
      outcomes: [{ selfReported: true, sourced: false }],
      versions: [],
    });
    const found = await gql(null, '{ practice(id: "prac-sz-one-window-licence-renewal") { id title { zhHans } } }');
    expect(found.data.practice).toEqual({
      id: 'prac-sz-one-window-licence-renewal',
      title: { zhHans: 'One-window licence renewal(简)' },
    });
  });

  it('sends a Shenzhen practice to Hong Kong in the HK dialect, which the HK mapping reads back', async () => {
    const [event] = await outbound(TOPICS.outboundHk, 'prac-sz-one-window-licence-renewal');
    expect(event).toMatchObject({ type: 'hk.gov.practice.shared' });
    // Round trip: as if a Hong Kong system had sent it, the HK contract and mapping accept it.
    const back = validate({ ...event, source: 'urn:gba:hk:dpo' } as never);
    expect(back.ok).toBe(true);
    expect(back.ok && back.event.canonical.changes).toEqual([
      {
        label: 'Practice',
        id: 'prac-sz-one-window-licence-renewal',
        set: {
          title: { en: 'One-window licence renewal', zhHant: 'One-window licence renewal(繁)' },
          topics: ['zero-redirection', 'driving-licence'],
          relatedServices: ['svc-sz-ishenzhen-portal'],
        },
      },
    ]);
    expect(await outbound(TOPICS.outboundMainland, 'prac-sz-one-window-licence-renewal')).toEqual([]);
  });

  it('sends a Hong Kong practice to the Mainland in the Mainland dialect, which the Mainland mapping reads back', async () => {
    const r = await gql('hk-official', SHARE, {
      input: shareInput({
        title: text('Licence renewal reminders'),
        topics: ['driving-licence', 'announcements'],
        relatedServices: ['svc-hk-td-direct-issue-dl'],
      }),
    });
    expect(r.errors).toBeUndefined();
    const [event] = await outbound(TOPICS.outboundMainland, 'prac-hk-licence-renewal-reminders');
    expect(event).toMatchObject({
      type: 'cn.gd.practice.shared',
      data: {
        jingyan_bh: 'prac-hk-licence-renewal-reminders',
        laiyuan_bm: '810000-TD',
        biaoti: 'Licence renewal reminders(简)',
      },
    });
    expect(event).toHaveProperty('data.fabu_sj');
    expect((event?.data as { fabu_sj: string } | undefined)?.fabu_sj).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const back = validate({ ...event, source: 'urn:gba:gd:yueshengshi' } as never);
    expect(back.ok).toBe(true);
    expect(back.ok && back.event.canonical.changes[0]).toMatchObject({
      label: 'Practice',
      id: 'prac-hk-licence-renewal-reminders',
      // Services without a Mainland code (Hong Kong's) are left out; the topics travel as Mainland tags.
      set: {
        title: { zhHans: 'Licence renewal reminders(简)' },
        topics: ['driving-licence', 'announcements'],
        relatedServices: [],
      },
    });
  });

  it('names every bad field of the input at once, with BAD_USER_INPUT', async () => {
    const r = await gql('sz-official', SHARE, {
      input: shareInput({
        title: { en: ' ', zhHant: 'x', zhHans: 'x' },
        topics: [],
        outcomes: [{ metric: 'Visits Per Case', value: 1, unit: 'visits', date: '2026-02-30', source: 'ftp://x' }],
        sourceUrl: 'not a url',
      }),
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    const fields = (r.errors[0].extensions.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'input.title.en',
        'input.topics',
        'input.outcomes.0.metric',
        'input.outcomes.0.date',
        'input.outcomes.0.source',
        'input.sourceUrl',
      ]),
    );
    expect(r.errors[0].message).toContain('input.outcomes.0.date');
  });

  it('refuses references to records that do not exist, naming the entry', async () => {
    const r = await gql('sz-official', SHARE, { input: shareInput({ topics: ['zero-redirection', 'no-such-topic'] }) });
    expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.topics.1' });
    const s = await gql('sz-official', SHARE, { input: shareInput({ inspiredBy: ['prac-none'] }) });
    expect(s.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.inspiredBy.0' });
  });

  it('saves a draft only its agency sees, and publishes it later, announcing it once', async () => {
    const draft = await gql('sz-official', SHARE, {
      input: shareInput({ title: text('Kiosk triage draft'), state: 'DRAFT' }),
    });
    expect(draft.data.sharePractice).toMatchObject({ id: 'prac-sz-kiosk-triage-draft', state: 'DRAFT' });
    const id = 'prac-sz-kiosk-triage-draft';
    expect((await gql(null, `{ practice(id: "${id}") { id } }`)).errors[0].extensions.code).toBe('NOT_FOUND');
    const mine = await gql('sz-official', '{ practiceDrafts { id state } }');
    expect(mine.data.practiceDrafts).toEqual([{ id, state: 'DRAFT' }]);
    expect((await gql('gz-official', '{ practiceDrafts { id } }')).data.practiceDrafts).toEqual([]);
    expect(await outbound(TOPICS.outboundHk, id)).toEqual([]);

    const published = await gql('sz-official', SHARE, { input: shareInput({ id, title: text('Kiosk triage') }) });
    expect(published.data.sharePractice).toMatchObject({
      id,
      state: 'PUBLISHED',
      version: 1,
      title: { en: 'Kiosk triage' },
    });
    expect((await gql('sz-official', '{ practiceDrafts { id } }')).data.practiceDrafts).toEqual([]);
    expect(await outbound(TOPICS.outboundHk, id)).toHaveLength(1);
  });

  it('keeps each earlier version when an official of the agency edits a published practice', async () => {
    const id = 'prac-sz-one-window-licence-renewal';
    const edited = await gql('sz-official', SHARE, {
      input: shareInput({ id, title: text('One-window renewal, second edition') }),
    });
    expect(edited.errors).toBeUndefined();
    expect(edited.data.sharePractice).toMatchObject({
      version: 2,
      title: { en: 'One-window renewal, second edition' },
      versions: [{ version: 1, title: { en: 'One-window licence renewal' } }],
    });
    const again = await gql('sz-official', SHARE, { input: shareInput({ id, title: text('Third edition') }) });
    expect((again.data.sharePractice as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([
      2, 1,
    ]);
    // Each published version is announced with its own event id.
    expect((await outbound(TOPICS.outboundHk, id)).map((e) => e.id)).toEqual([
      `${id}:v1:shared`,
      `${id}:v2:shared`,
      `${id}:v3:shared`,
    ]);
  });
});

describe('a share sent twice', () => {
  const practicesTitled = async (en: string) => {
    const r = await gql(
      null,
      '{ practices(filter: { agencies: ["sz-gov-data-bureau"] }, first: 100) { edges { node { id title { en } } } } }',
    );
    return (r.data.practices.edges as { node: { id: string; title: { en: string } } }[])
      .filter((e) => e.node.title.en === en)
      .map((e) => e.node.id);
  };

  it('returns the first practice and creates nothing new, announcing it once', async () => {
    const input = shareInput({ title: text('Community halls as service points') });
    const first = await gql('sz-official', SHARE, { input });
    const second = await gql('sz-official', SHARE, { input });
    expect(second.errors).toBeUndefined();
    expect(second.data.sharePractice).toEqual(first.data.sharePractice);
    expect(await practicesTitled('Community halls as service points')).toEqual([
      'prac-sz-community-halls-as-service-points',
    ]);
    expect(await outbound(TOPICS.outboundHk, 'prac-sz-community-halls-as-service-points')).toHaveLength(1);
  });

  it('refuses a different share with the same title, naming the practice that has it', async () => {
    const other = await gql('sz-official', SHARE, {
      input: shareInput({ title: text('Community halls as service points'), summary: text('Another summary') }),
    });
    expect(other.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(other.errors[0].message).toContain('prac-sz-community-halls-as-service-points');
    expect(await practicesTitled('Community halls as service points')).toHaveLength(1);
  });

  it('takes an idempotency key: the same key returns the first result, with another input it is refused', async () => {
    const input = shareInput({ title: text('Keyed share'), idempotencyKey: 'sz-share-0042' });
    const first = await gql('sz-official', SHARE, { input });
    const again = await gql('sz-official', SHARE, { input });
    expect(again.data.sharePractice).toEqual(first.data.sharePractice);
    const changed = await gql('sz-official', SHARE, { input: { ...input, title: text('Keyed share, changed') } });
    expect(changed.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    expect(changed.errors[0].message).toContain(first.data.sharePractice.id);
  });
});

describe('texts in one Chinese script', () => {
  const SHARED_TEXT = `mutation ($input: SharePracticeInput!) { sharePractice(input: $input) {
    id title { en zhHant zhHans machineConverted } summary { zhHant zhHans machineConverted } } }`;

  it.each([
    {
      given: 'English and Traditional Chinese',
      title: { en: 'Licence kiosks in libraries', zhHant: '圖書館駕駛執照服務機' },
      expected: {
        en: 'Licence kiosks in libraries',
        zhHant: '圖書館駕駛執照服務機',
        zhHans: '图书馆驾驶执照服务机',
        machineConverted: 'zhHans',
      },
    },
    {
      given: 'English and Simplified Chinese',
      title: { en: 'Licence kiosks in stations', zhHans: '车站驾驶执照服务机' },
      // Hong Kong usage: 車站, 駕駛執照, 服務機.
      expected: {
        en: 'Licence kiosks in stations',
        zhHant: '車站駕駛執照服務機',
        zhHans: '车站驾驶执照服务机',
        machineConverted: 'zhHant',
      },
    },
    {
      given: 'all three scripts',
      title: { en: 'Licence kiosks in malls', zhHant: '商場服務機', zhHans: '商场自助机' },
      expected: { en: 'Licence kiosks in malls', zhHant: '商場服務機', zhHans: '商场自助机', machineConverted: null },
    },
  ])('derives the other script from $given and marks it machine-converted', async ({ title, expected }) => {
    const r = await gql('sz-official', SHARED_TEXT, {
      input: shareInput({ title, summary: { en: 'Kiosks', zhHant: '自助服務機' } }),
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.sharePractice.title).toEqual(expected);
    expect(r.data.sharePractice.summary).toEqual({
      zhHant: '自助服務機',
      zhHans: '自助服务机',
      machineConverted: 'zhHans',
    });
    const read = await gql(
      null,
      `{ practice(id: "${r.data.sharePractice.id}") { title { zhHans machineConverted } } }`,
    );
    expect(read.data.practice.title).toEqual({ zhHans: expected.zhHans, machineConverted: expected.machineConverted });
  });

  it('refuses a text with no Chinese script, naming the field', async () => {
    const r = await gql('sz-official', SHARED_TEXT, { input: shareInput({ title: { en: 'English only' } }) });
    expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title.zhHant' });
    expect(r.errors[0].message).toMatch(/needs zhHant or zhHans/);
  });
});

describe('edits at the same time', () => {
  const VERSIONS =
    '{ practice(id: "prac-sz-concurrent-edits") { version title { en } versions { version title { en } } } }';
  const id = 'prac-sz-concurrent-edits';

  it('keeps both of two edits published at once, as consecutive versions, each announced once', async () => {
    const created = await gql('sz-official', SHARE, { input: shareInput({ title: text('Concurrent edits') }) });
    expect(created.data.sharePractice).toMatchObject({ id, version: 1 });
    // Two officials' desks over the same store: both read version 1 before either commits.
    const desk = new CooperationDesk({ store: fx.store, outbox: connectorsOutbox() });
    const author = { username: 'sz-official', agency: 'sz-gov-data-bureau', jurisdiction: 'SZ' as const };
    const edit = (title: string) =>
      desk.share(author, {
        ...(shareInput({ id, title: text(title) }) as Omit<ShareInput, 'inspiredBy' | 'draft'>),
        inspiredBy: [],
        draft: false,
      });
    const results = await Promise.all([edit('Edit A'), edit('Edit B')]);
    expect(results.map((r) => r.version).sort()).toEqual([2, 3]);
    const read = (await gql('sz-official', VERSIONS)).data.practice;
    expect(read.version).toBe(3);
    // Nothing is lost: version 2 is whichever edit committed first, kept as it was.
    const first = results.find((r) => r.version === 2);
    expect(read.versions).toEqual([
      { version: 2, title: { en: first?.title.en } },
      { version: 1, title: { en: 'Concurrent edits' } },
    ]);
    expect((await outbound(TOPICS.outboundHk, id)).map((e) => e.id)).toEqual([
      `${id}:v1:shared`,
      `${id}:v2:shared`,
      `${id}:v3:shared`,
    ]);
  });

  it('refuses an edit made on a version no longer the latest when expectedVersion says so, writing nothing', async () => {
    const stale = await gql('sz-official', SHARE, {
      input: shareInput({ id, title: text('Edit on version 2'), expectedVersion: 2 }),
    });
    expect(stale.data?.sharePractice ?? null).toBeNull();
    expect(stale.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expectedVersion' });
    expect(stale.errors[0].message).toMatch(/is at version 3 now/);
    expect((await gql('sz-official', VERSIONS)).data.practice.version).toBe(3);

    const current = await gql('sz-official', SHARE, {
      input: shareInput({ id, title: text('Edit on version 3'), expectedVersion: 3 }),
    });
    expect(current.errors).toBeUndefined();
    expect(current.data.sharePractice).toMatchObject({ version: 4, title: { en: 'Edit on version 3' } });
  });
});

describe('adoptPractice', () => {
  it('records an adoption with outcomes, shown in adoptions, compare and lineage; unsourced outcomes are self-reported', async () => {
    const id = 'prac-sz-one-window-licence-renewal';
    const r = await gql('hk-official', ADOPT, {
      input: {
        practice: id,
        status: 'PILOTED',
        date: '2026-03-10',
        outcomes: [
          { metric: 'visits-per-case', value: 1.2, unit: 'visits', date: '2026-04-01' },
          {
            metric: 'waiting-minutes',
            value: 12,
            unit: 'minutes',
            date: '2026-04-01',
            source: 'https://www.td.gov.hk/',
          },
        ],
      },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.adoptPractice).toEqual({
      practice: { id },
      jurisdiction: { id: 'HK' },
      agency: { id: 'hk-td' },
      status: 'PILOTED',
      date: '2026-03-10',
      outcomes: [
        { metric: 'visits-per-case', value: 1.2, selfReported: true },
        { metric: 'waiting-minutes', value: 12, selfReported: false },
      ],
    });
    const p = await gql(
      null,
      `{ practice(id: "${id}") { adoptedBy { id } adoptions { jurisdiction { id } status } } }`,
    );
    expect(p.data.practice).toEqual({
      adoptedBy: [{ id: 'HK' }],
      adoptions: [{ jurisdiction: { id: 'HK' }, status: 'PILOTED' }],
    });

    const c = await gql(
      null,
      '{ compare(topic: "zero-redirection", jurisdictions: ["HK"]) { rows { jurisdiction { id } adoptions { practice { id } status } } } }',
    );
    expect(c.data.compare).toEqual({
      rows: [{ jurisdiction: { id: 'HK' }, adoptions: [{ practice: { id }, status: 'PILOTED' }] }],
    });

    // A Hong Kong practice inspired by it shows the adoption along its lineage.
    const child = await gql('hk-official', SHARE, {
      input: shareInput({ title: text('HK one-window pilot'), inspiredBy: [id], relatedServices: [] }),
    });
    const childId = (child.data.sharePractice as { id: string }).id;
    const lineage = await gql(
      null,
      `{ practice(id: "${childId}") { lineage(depth: 1) { practice { id } relation adoptions { jurisdiction { id } status } } } }`,
    );
    expect(lineage.data.practice).toEqual({
      lineage: [
        { practice: { id }, relation: 'ANCESTOR', adoptions: [{ jurisdiction: { id: 'HK' }, status: 'PILOTED' }] },
      ],
    });

    // Adopting after the pilot replaces the record; a rejection takes the jurisdiction off adoptedBy.
    await gql('hk-official', ADOPT, { input: { practice: id, status: 'REJECTED', date: '2026-05-01' } });
    const after = await gql(null, `{ practice(id: "${id}") { adoptedBy { id } adoptions { status } } }`);
    expect(after.data.practice).toEqual({ adoptedBy: [], adoptions: [{ status: 'REJECTED' }] });
  });

  it('refuses an adoption of one’s own jurisdiction’s practice, an unknown practice and bad fields', async () => {
    const own = await gql('hk-official', ADOPT, {
      input: { practice: 'prac-hk-licence-renewal-reminders', status: 'ADOPTED', date: '2026-03-10' },
    });
    expect(own.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.practice' });
    const none = await gql('hk-official', ADOPT, {
      input: { practice: 'prac-none', status: 'ADOPTED', date: '2026-03-10' },
    });
    expect(none.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.practice' });
    const bad = await gql('hk-official', ADOPT, {
      input: {
        practice: 'prac-sz-kiosk-triage-draft',
        status: 'ADOPTED',
        date: '10/03/2026',
        outcomes: [{ metric: 'x', value: 1, unit: '', date: '2026-01-01' }],
      },
    });
    expect((bad.errors[0].extensions.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'input.date',
      'input.outcomes.0.unit',
    ]);
  });
});

describe('questions to the owner', () => {
  it('lets officials ask, only the owning agency answer, and officials alone read them', async () => {
    const id = 'prac-sz-kiosk-triage-draft';
    const asked = await gql('hk-official', ASK, { input: { practice: id, text: 'How did you staff the kiosks?' } });
    expect(asked.errors).toBeUndefined();
    const q = asked.data.askOwner as { id: string };
    expect(asked.data.askOwner).toMatchObject({
      owner: { id: 'sz-gov-data-bureau' },
      askedBy: { agency: { id: 'hk-td' } },
      answers: [],
    });
    // The owner's side is told by an outbound event.
    const pending = await fx.store.pendingOutbox(10_000);
    const told = pending
      .map((m) => decode({ headers: m.headers, value: Buffer.from(m.value, 'base64') }))
      .flatMap((d) => (d.ok ? [d.event] : []))
      .find((e) => e.type === 'gba.practice.question-asked' && (e.data as { questionId: string }).questionId === q.id);
    expect(told).toBeDefined();
    expect(pending.find((m) => m.id === `out:${q.id}:asked`)?.topic).toBe(TOPICS.outboundMainland);

    const wrong = await gql('gz-official', ANSWER, { input: { question: q.id, text: 'Not ours to say' } });
    expect(codes(wrong)).toEqual(['FORBIDDEN']);
    const answered = await gql('sz-official', ANSWER, { input: { question: q.id, text: 'Two staff per ten kiosks.' } });
    expect(answered.data.answerQuestion).toEqual({
      id: q.id,
      answers: [
        {
          text: 'Two staff per ten kiosks.',
          answeredBy: { username: 'sz-official', agency: { id: 'sz-gov-data-bureau' } },
        },
      ],
    });
    const read = `{ practice(id: "${id}") { id questions { text answers { text } } } }`;
    expect((await gql('gd-official', read)).data.practice).toEqual({
      id,
      questions: [{ text: 'How did you staff the kiosks?', answers: [{ text: 'Two staff per ten kiosks.' }] }],
    });
    for (const who of [null, 'p-0001', 'hk-td']) {
      const r = await gql(who, read);
      expect((r.data.practice as { questions: unknown }).questions).toBeNull();
      expect(codes(r)).toEqual([who ? 'FORBIDDEN' : 'UNAUTHENTICATED']);
    }
  });

  it('returns the first question when the same one is asked again, and takes an idempotency key', async () => {
    const input = { practice: 'prac-gz-nansha-self-service-area', text: 'How long is the queue at night?' };
    const first = await gql('hk-official', ASK, { input });
    const again = await gql('hk-official', ASK, { input });
    expect(again.data.askOwner).toEqual(first.data.askOwner);
    const keyed = { ...input, text: 'Who staffs it at night?', idempotencyKey: 'hk-q-17' };
    const k1 = await gql('hk-official', ASK, { input: keyed });
    expect(k1.data.askOwner.id).not.toBe(first.data.askOwner.id);
    expect((await gql('hk-official', ASK, { input: keyed })).data.askOwner.id).toBe(k1.data.askOwner.id);
    const reused = await gql('hk-official', ASK, { input: { ...keyed, text: 'Something else?' } });
    expect(reused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    const listed = await gql(
      'gz-official',
      '{ practice(id: "prac-gz-nansha-self-service-area") { questions { text } } }',
    );
    const texts = listed.data.practice.questions.map((q: { text: string }) => q.text);
    expect(texts.filter((t: string) => t === input.text)).toHaveLength(1);
  });

  it('refuses a question on one’s own agency’s practice and empty or overlong text', async () => {
    const own = await gql('sz-official', ASK, { input: { practice: 'prac-sz-kiosk-triage-draft', text: 'Hello?' } });
    expect(own.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.practice' });
    const empty = await gql('hk-official', ASK, { input: { practice: 'prac-sz-kiosk-triage-draft', text: '  ' } });
    expect(empty.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.text' });
    const long = await gql('hk-official', ASK, {
      input: { practice: 'prac-sz-kiosk-triage-draft', text: 'x'.repeat(2001) },
    });
    expect(long.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.text' });
    const unknown = await gql('sz-official', ANSWER, { input: { question: 'q-none', text: 'x' } });
    expect(unknown.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.question' });
  });
});

describe('who may write (BOLA)', () => {
  const attempts: [string, string, Record<string, unknown>][] = [
    ['sharePractice', SHARE, { input: shareInput({ title: text('Not allowed') }) }],
    ['sharePractice (another agency’s practice)', SHARE, { input: shareInput({ id: 'prac-sz-kiosk-triage-draft' }) }],
    [
      'adoptPractice',
      ADOPT,
      { input: { practice: 'prac-sz-kiosk-triage-draft', status: 'ADOPTED', date: '2026-03-10' } },
    ],
    ['askOwner', ASK, { input: { practice: 'prac-sz-kiosk-triage-draft', text: 'Why?' } }],
    ['answerQuestion', ANSWER, { input: { question: 'q-any', text: 'Because.' } }],
  ];
  it.each(attempts)(
    '%s: anonymous → UNAUTHENTICATED; resident and partner client → FORBIDDEN; nothing written',
    async (name, query, variables) => {
      const before = await fx.store.counts();
      expect(codes(await gql(null, query, variables))).toEqual(['UNAUTHENTICATED']);
      for (const who of ['p-0001', 'hk-td', 'sz-ishenzhen', 'auditor']) {
        expect(codes(await gql(who, query, variables))).toEqual(['FORBIDDEN']);
      }
      if (name.includes('another agency')) {
        // An official of another agency (and of another jurisdiction) may not edit it either.
        expect(codes(await gql('hk-official', query, variables))).toEqual(['FORBIDDEN']);
        expect(codes(await gql('gz-official', query, variables))).toEqual(['FORBIDDEN']);
      }
      expect(await fx.store.counts()).toEqual(before);
    },
  );

  it('shows residents and partner clients no feed and no drafts', async () => {
    for (const who of ['p-0001', 'hk-td']) {
      expect(codes(await gql(who, FEED))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(who, '{ practiceDrafts { id } }'))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await gql(null, FEED))).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['the feed', FEED, {}, 'Only officials read the feed.'],
    ['drafts', '{ practiceDrafts { id } }', {}, 'Only officials read drafts.'],
    ['a share', SHARE, { input: shareInput() }, 'Only officials share practices.'],
    [
      'an adoption',
      ADOPT,
      { input: { practice: 'prac-hk-cbps-kiosks', status: 'ADOPTED', date: '2026-01-01' } },
      'Only officials record adoptions.',
    ],
    ['a question', ASK, { input: { practice: 'prac-hk-cbps-kiosks', text: 'How?' } }, 'Only officials ask questions.'],
  ])('refuses %s to a resident with a message that reads as a sentence', async (_what, query, variables, message) => {
    const r = await gql('p-0001', query, variables);
    expect(r.errors.map((e: { message: string }) => e.message)).toEqual([message]);
  });
});

describe('feed', () => {
  it('takes the other side to be the Mainland for Hong Kong and Hong Kong for the Mainland cities', () => {
    expect(otherSide('HK')).toEqual(['SZ', 'GZ', 'GD']);
    expect(otherSide('SZ')).toEqual(['HK']);
    expect(otherSide('MO')).toEqual(['HK', 'SZ', 'GZ', 'GD']);
  });

  it('shows Hong Kong no Macao item and no item of its own side, from the data set onwards', async () => {
    const all = await gql('hk-official', FEED, { first: 100 });
    const from = all.data.feed.edges.map((e: Result) => e.node.jurisdiction.id);
    expect(from.length).toBeGreaterThan(5);
    expect(from.filter((j: string) => j === 'MO')).toEqual([]);
    // Own-side items are only adoptions of the other side's practices, which name Hong Kong as the actor.
    const own = all.data.feed.edges.filter((e: Result) => e.node.jurisdiction.id === 'HK');
    expect(own.every((e: Result) => e.node.kind === 'PRACTICE_ADOPTED')).toBe(true);
  });

  it('merges what the other side did, newest first, in stable pages', async () => {
    const since = new Date().toISOString();
    const shared = await gql('gz-official', SHARE, {
      input: shareInput({ title: text('Guangzhou hotline routing'), relatedServices: [] }),
    });
    const gzId = (shared.data.sharePractice as { id: string }).id;
    await gql('hk-official', ADOPT, { input: { practice: gzId, status: 'ADOPTED', date: '2026-03-12' } });
    const q = (await gql('hk-official', ASK, { input: { practice: gzId, text: 'Which routing rules?' } })).data
      ?.askOwner as { id: string };
    await gql('gz-official', ANSWER, { input: { question: q.id, text: 'By district.' } });

    const hk = await gql('hk-official', FEED, { since });
    const kinds = (hk.data.feed as { edges: { node: { kind: string; practice: { id: string } } }[] }).edges.map((e) => [
      e.node.kind,
      e.node.practice.id,
    ]);
    // The question is Guangzhou's to hear of, not Hong Kong's; the answer, the adoption and the share are Hong Kong's.
    expect(kinds).toEqual([
      ['QUESTION_ANSWERED', gzId],
      ['PRACTICE_ADOPTED', gzId],
      ['PRACTICE_SHARED', gzId],
    ]);
    const gz = await gql('gz-official', FEED, { since });
    expect((gz.data.feed as { edges: { node: { kind: string } }[] }).edges.map((e) => e.node.kind)).toEqual([
      'QUESTION_ASKED',
      'PRACTICE_ADOPTED',
    ]);

    // Pages of one, following the cursor, give the same items in the same order.
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: Result = await gql('hk-official', FEED, { since, first: 1, after });
      const feed = page.data.feed as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
      expect(feed.totalCount).toBe(3);
      seen.push(...feed.edges.map((e) => e.node.id));
      if (!feed.pageInfo.hasNextPage) break;
      after = feed.pageInfo.endCursor;
    }
    expect(seen).toEqual((hk.data.feed as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id));

    expect(codes(await gql('hk-official', FEED, { since: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql('hk-official', FEED, { after: 'bm90LWEtY3Vyc29y' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql('hk-official', FEED, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
  });
});
