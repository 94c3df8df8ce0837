/**
 * #9's scenario on the whole platform (`gba start`'s wiring, embedded twins), through the gateway: a
 * Shenzhen official shares a practice, a Hong Kong official adopts it with an outcome and asks a
 * question, Shenzhen answers, and the Hong Kong official's feed shows all three; an open
 * `feedUpdated` subscription receives them as they happen (and the other side's major announcements);
 * the connectors publish the share to Hong Kong's outbound topic in the HK dialect.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
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

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked by shape in the assertions.
async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(who)}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });

/** Reads an SSE stream until every marker has arrived (or 10 s pass), then closes it. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, markers: string[]): Promise<string> {
  let received = '';
  const decoder = new TextDecoder();
  const deadline = Date.now() + 10_000;
  while (!markers.every((m) => received.includes(m)) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    received += decoder.decode(value);
  }
  await reader.cancel();
  return received;
}

describe('regional cooperation through the gateway', () => {
  it('Shenzhen shares, Hong Kong adopts and asks, Shenzhen answers: Hong Kong’s feed shows all three', async () => {
    const since = new Date().toISOString();
    const hkToken = await token('hk-official');
    const stream = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${hkToken}` },
      body: JSON.stringify({ query: 'subscription { feedUpdated { id kind practice { id } } }' }),
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    // The owner's side follows its own feed: a question to its practice reaches it as it is asked.
    const ownerStream = await fetch(gateway, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${await token('sz-official')}`,
      },
      body: JSON.stringify({ query: 'subscription { feedUpdated { kind question { text } } }' }),
    });
    const ownerReader = (ownerStream.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((r) => setTimeout(r, 300));

    const shared = await gql('sz-official', 'mutation ($i: SharePracticeInput!) { sharePractice(input: $i) { id } }', {
      i: {
        title: text('Cross-boundary kiosk appointments'),
        summary: text('Book a kiosk slot across the boundary'),
        problem: text('Queues at border kiosks'),
        approach: text('Appointments in iShenzhen'),
        results: text('Shorter queues'),
        lessons: text('Publish the slots early'),
        topics: ['kiosks', 'cross-boundary-services'],
        relatedServices: ['svc-sz-ishenzhen-portal'],
        outcomes: [
          { metric: 'queue-minutes', value: 8, unit: 'minutes', date: '2026-02-01', source: 'https://www.sz.gov.cn/' },
        ],
      },
    });
    expect(shared.errors).toBeUndefined();
    const practice = shared.data.sharePractice.id as string;

    const adopted = await gql(
      'hk-official',
      'mutation ($i: AdoptPracticeInput!) { adoptPractice(input: $i) { status outcomes { selfReported } } }',
      {
        i: {
          practice,
          status: 'ADOPTED',
          date: '2026-03-20',
          outcomes: [{ metric: 'queue-minutes', value: 10, unit: 'minutes', date: '2026-04-20' }],
        },
      },
    );
    expect(adopted.data.adoptPractice).toEqual({ status: 'ADOPTED', outcomes: [{ selfReported: true }] });
    const asked = await gql('hk-official', 'mutation ($i: AskOwnerInput!) { askOwner(input: $i) { id } }', {
      i: { practice, text: 'How many slots per hour?' },
    });
    const question = asked.data.askOwner.id as string;
    const answered = await gql(
      'sz-official',
      'mutation ($i: AnswerQuestionInput!) { answerQuestion(input: $i) { id } }',
      {
        i: { question, text: 'Forty per kiosk.' },
      },
    );
    expect(answered.errors).toBeUndefined();

    const feed = await gql(
      'hk-official',
      'query ($since: String) { feed(since: $since) { totalCount edges { node { kind agency { id } practice { id title { en } } answer { text } } } } }',
      { since },
    );
    expect(feed.data.feed).toEqual({
      totalCount: 3,
      edges: [
        {
          node: {
            kind: 'QUESTION_ANSWERED',
            agency: { id: 'sz-gov-data-bureau' },
            practice: { id: practice, title: { en: 'Cross-boundary kiosk appointments' } },
            answer: { text: 'Forty per kiosk.' },
          },
        },
        {
          node: {
            kind: 'PRACTICE_ADOPTED',
            agency: { id: 'hk-td' },
            practice: { id: practice, title: { en: 'Cross-boundary kiosk appointments' } },
            answer: null,
          },
        },
        {
          node: {
            kind: 'PRACTICE_SHARED',
            agency: { id: 'sz-gov-data-bureau' },
            practice: { id: practice, title: { en: 'Cross-boundary kiosk appointments' } },
            answer: null,
          },
        },
      ],
    });

    // A major announcement from the other side is a feed item too, joined with the exchange subgraph.
    const announced = await gql(
      'sz-official',
      'mutation ($i: PublishAnnouncementInput!) { publishAnnouncement(input: $i) { id } }',
      {
        i: {
          agency: 'sz-gov-data-bureau',
          title: text('Kiosk appointments open to Hong Kong residents'),
          body: text('From 1 May, Hong Kong residents can book kiosk slots.'),
          kind: 'NEW_SERVICE',
          importance: 'MAJOR',
          effectiveFrom: '2026-05-01',
          relatedServices: ['svc-sz-ishenzhen-portal'],
        },
      },
    );
    const announcement = announced.data.publishAnnouncement.id as string;

    const toOwner = await readUntil(ownerReader, ['QUESTION_ASKED']);
    expect(toOwner).toContain('"feedUpdated":{"kind":"QUESTION_ASKED","question":{"text":"How many slots per hour?"}}');
    const received = await readUntil(reader, ['QUESTION_ANSWERED', '"ANNOUNCEMENT"']);
    for (const kind of ['PRACTICE_SHARED', 'PRACTICE_ADOPTED', 'QUESTION_ANSWERED', 'ANNOUNCEMENT']) {
      expect(received).toContain(`"kind":"${kind}"`);
    }
    // The question is Shenzhen's to hear of, not Hong Kong's.
    expect(received).not.toContain('QUESTION_ASKED');
    const withAnnouncement = await gql(
      'hk-official',
      'query ($since: String) { feed(since: $since, first: 1) { edges { node { kind announcement { id title { en } } } } } }',
      { since },
    );
    expect(withAnnouncement.data.feed.edges[0].node).toEqual({
      kind: 'ANNOUNCEMENT',
      announcement: { id: announcement, title: { en: 'Kiosk appointments open to Hong Kong residents' } },
    });

    // The connectors sent the share to Hong Kong's partner systems, in the HK dialect.
    const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
    try {
      const deadline = Date.now() + 5_000;
      let sent: ReturnType<typeof decode>[] = [];
      while (Date.now() < deadline) {
        sent = (await log.readAll(TOPICS.outboundHk)).map((m) => decode(m));
        if (sent.some((d) => d.ok && d.event.subject === practice)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sent.flatMap((d) => (d.ok && d.event.subject === practice ? [d.event.type] : []))).toEqual([
        'hk.gov.practice.shared',
      ]);
    } finally {
      await log.close();
    }
  });
});

describe('owners without a named demo user', () => {
  it('answer questions through their agency’s demo official (1823’s practice, hk-efficiency-office)', async () => {
    const asked = await gql('sz-official', 'mutation ($i: AskOwnerInput!) { askOwner(input: $i) { id } }', {
      i: { practice: 'prac-hk-1823-ai-chatbot', text: 'Which languages does the chatbot answer in?' },
    });
    expect(asked.errors).toBeUndefined();
    const answered = await gql(
      'hk-efficiency-office-official',
      'mutation ($i: AnswerQuestionInput!) { answerQuestion(input: $i) { answers { text answeredBy { agency { id } } } } }',
      { i: { question: asked.data.askOwner.id, text: 'Cantonese, English and Putonghua.' } },
    );
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerQuestion.answers).toEqual([
      { text: 'Cantonese, English and Putonghua.', answeredBy: { agency: { id: 'hk-efficiency-office' } } },
    ]);
  });
});

describe('compare after adoptPractice', () => {
  it('shows the recorded adoption in the adopting side’s row, as Practice.adoptions does', async () => {
    const practice = 'prac-gz-nansha-self-service-area';
    const adopted = await gql(
      'hk-official',
      'mutation ($i: AdoptPracticeInput!) { adoptPractice(input: $i) { status } }',
      {
        i: { practice, status: 'PILOTED', date: '2026-04-01', outcomes: [] },
      },
    );
    expect(adopted.errors).toBeUndefined();
    const { data } = await gql(
      'hk-official',
      `{ compare(topic: "kiosks", jurisdictions: ["HK"]) { rows { adoptions { practice { id } agency { id } } } }
         practice(id: "${practice}") { adoptions { jurisdiction { id } agency { id } } } }`,
    );
    expect(data.compare.rows[0].adoptions).toContainEqual({ practice: { id: practice }, agency: { id: 'hk-td' } });
    expect(data.practice.adoptions).toContainEqual({ jurisdiction: { id: 'HK' }, agency: { id: 'hk-td' } });
  });
});
