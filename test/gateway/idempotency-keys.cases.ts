/**
 * One row per mutation of the supergraph for test/gateway/idempotency-keys.test.ts: who sends it,
 * another caller allowed to send it too, what it needs to exist first (`prepare`, sent without a
 * key), and its variables for the key with the first input (`same`) or another one (`different`).
 * Inputs carry the sender's name where a create would otherwise be caught as the same agency's
 * identical request (that rule holds with or without a key).
 */
import { expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
export type Answer = { data: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
export type Send = (who: string, query: string, variables: Record<string, unknown>) => Promise<Answer>;
type Target = Record<string, string>;

export interface MutationCase {
  readonly mutation: string;
  readonly query: string;
  readonly who: string;
  /** Another caller who may send it; null where the demo realm has only one (one admin). */
  readonly other: string | null;
  readonly keyField: 'input.idempotencyKey' | 'idempotencyKey';
  prepare(send: Send, who: string): Promise<Target>;
  variables(target: Target, input: 'same' | 'different', key: string): Record<string, unknown>;
}

let made = 0;
/** A text no other request of the run has, so creates are not taken for repeats of each other. */
const fresh = (who: string) => `${who} note ${++made}`;
const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });

async function ok(send: Send, who: string, query: string, variables: Record<string, unknown>, field: string) {
  const a = await send(who, query, variables);
  expect(a.errors).toBeUndefined();
  return a.data[field].id ?? a.data[field].consent?.id;
}

const keyed = (input: Record<string, unknown>, key: string) => ({ input: { ...input, idempotencyKey: key } });

/** The resident's case handled by hk-td, so hk-official may ask about it. */
const CASE_OF: Record<string, string> = { 'p-0004': 'case-0001', 'p-0005': 'case-0002' };

const GRANT = `mutation ($input: GrantConsentInput!) { grantConsent(input: $input) { receipt consent { id state } } }`;
const grantInput = (who: string, categories = ['CONTACT']) => ({
  controller: 'gd-psd',
  recipient: 'hk-td',
  purpose: 'licence-conversion',
  dataCategories: categories,
  expiresAt: '2026-12-31T23:59:59+08:00',
  case: CASE_OF[who],
});

const REQUEST = `mutation ($input: RequestConsentInput!) { requestConsent(input: $input) { id state note } }`;
const requestInput = (kase: string, note: string) => ({
  case: kase,
  categories: ['IDENTITY', 'CONTACT'],
  purpose: 'licence-conversion',
  expiresAt: '2026-12-31T23:59:59+08:00',
  note,
});

const PUBLISH = `mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id version title { en } } }`;
const announcement = (title: string) => ({
  agency: 'hk-td',
  title: text(title),
  body: text('From 1 April applicants bring proof of address.'),
  kind: 'PROCEDURE_UPDATE',
  importance: 'NORMAL',
  effectiveFrom: '2026-04-01',
  relatedServices: ['svc-hk-td-direct-issue-dl'],
});
const published = async (send: Send, who: string) => ({
  id: await ok(send, who, PUBLISH, { input: announcement(fresh(who)) }, 'publishAnnouncement'),
});

const ASK = `mutation ($input: AskOwnerInput!) { askOwner(input: $input) { id text answers { text } } }`;
/** Questions go to hk-td's practice, so its officials answer them. */
const HK_TD_PRACTICE = 'prac-hk-announcement-pages';

const SHARE = `mutation ($input: SharePracticeInput!) { sharePractice(input: $input) { id version title { en } } }`;
const practice = (title: string) => ({
  title: text(title),
  summary: text('Renew a licence at one window'),
  problem: text('Residents queued twice'),
  approach: text('One window, one form'),
  results: text('Half the visits'),
  lessons: text('Start with the form'),
  topics: ['zero-redirection'],
});

const none = async () => ({});

export const MUTATIONS: readonly MutationCase[] = [
  {
    mutation: 'grantConsent',
    query: GRANT,
    who: 'p-0004',
    other: 'p-0005',
    keyField: 'input.idempotencyKey',
    prepare: async (_send, who) => ({ who }),
    variables: (t, input, key) =>
      keyed(grantInput(t.who as string, input === 'same' ? ['CONTACT'] : ['IDENTITY']), key),
  },
  {
    mutation: 'revokeConsent',
    query: `mutation ($id: ID!, $key: String) { revokeConsent(id: $id, idempotencyKey: $key) { receipt consent { id state revokedAt } } }`,
    who: 'p-0004',
    other: 'p-0005',
    keyField: 'idempotencyKey',
    prepare: async (send, who) => ({
      first: await ok(send, who, GRANT, { input: grantInput(who) }, 'grantConsent'),
      second: await ok(send, who, GRANT, { input: grantInput(who) }, 'grantConsent'),
    }),
    variables: (t, input, key) => ({ id: input === 'same' ? t.first : t.second, key }),
  },
  {
    mutation: 'requestConsent',
    query: REQUEST,
    who: 'hk-official',
    // Of the same agency: a key is its sender's, not the agency's.
    other: 'hk-td-official',
    keyField: 'input.idempotencyKey',
    prepare: async (_send, who) => ({ note: fresh(who) }),
    variables: (t, input, key) => keyed(requestInput('case-0002', input === 'same' ? `${t.note}` : 'other'), key),
  },
  {
    mutation: 'cancelConsentRequest',
    query: `mutation ($id: ID!, $key: String) { cancelConsentRequest(id: $id, idempotencyKey: $key) { id state answeredAt } }`,
    who: 'hk-official',
    other: 'hk-td-official',
    keyField: 'idempotencyKey',
    prepare: async (send, who) => ({
      first: await ok(send, who, REQUEST, { input: requestInput('case-0002', fresh(who)) }, 'requestConsent'),
      second: await ok(send, who, REQUEST, { input: requestInput('case-0002', fresh(who)) }, 'requestConsent'),
    }),
    variables: (t, input, key) => ({ id: input === 'same' ? t.first : t.second, key }),
  },
  {
    mutation: 'answerConsentRequest',
    query: `mutation ($input: AnswerConsentRequestInput!) { answerConsentRequest(input: $input) {
      receipt request { id state consent { id } } consent { id state dataCategories } } }`,
    who: 'p-0005',
    other: 'p-0004',
    keyField: 'input.idempotencyKey',
    prepare: async (send, who) => ({
      id: await ok(
        send,
        'hk-official',
        REQUEST,
        { input: requestInput(CASE_OF[who] as string, fresh(who)) },
        'requestConsent',
      ),
    }),
    variables: (t, input, key) => keyed({ id: t.id, decision: input === 'same' ? 'APPROVE' : 'DECLINE' }, key),
  },
  {
    mutation: 'publishAnnouncement',
    query: PUBLISH,
    who: 'hk-official',
    other: 'hk-td-official',
    keyField: 'input.idempotencyKey',
    prepare: async (_send, who) => ({ title: fresh(who) }),
    variables: (t, input, key) => keyed(announcement(input === 'same' ? `${t.title}` : `${t.title} (other)`), key),
  },
  {
    mutation: 'correctAnnouncement',
    query: `mutation ($input: CorrectAnnouncementInput!) { correctAnnouncement(input: $input) { id version title { en } versions { version } } }`,
    who: 'hk-official',
    other: 'hk-td-official',
    keyField: 'input.idempotencyKey',
    prepare: published,
    variables: (t, input, key) => keyed({ id: t.id, title: text(input === 'same' ? 'Corrected' : 'Other') }, key),
  },
  {
    mutation: 'withdrawAnnouncement',
    query: `mutation ($id: ID!, $reason: String, $key: String) {
      withdrawAnnouncement(id: $id, reason: $reason, idempotencyKey: $key) { id withdrawnAt withdrawnReason } }`,
    who: 'hk-official',
    other: 'hk-td-official',
    keyField: 'idempotencyKey',
    prepare: published,
    variables: (t, input, key) => ({ id: t.id, reason: input === 'same' ? 'Superseded' : 'Wrong date', key }),
  },
  {
    mutation: 'replayDeadLetters',
    query: `mutation ($o: [ID!]!, $key: String) { replayDeadLetters(dlqOffsets: $o, idempotencyKey: $key) { dlqOffset outcome } }`,
    who: 'admin',
    other: null,
    keyField: 'idempotencyKey',
    prepare: none,
    variables: (_t, input, key) => ({ o: input === 'same' ? ['0:41'] : ['0:42'], key }),
  },
  {
    mutation: 'sharePractice',
    query: SHARE,
    who: 'sz-official',
    other: 'sz-gov-data-bureau-official',
    keyField: 'input.idempotencyKey',
    prepare: async (_send, who) => ({ title: fresh(who) }),
    variables: (t, input, key) => keyed(practice(input === 'same' ? `${t.title}` : `${t.title} (other)`), key),
  },
  {
    mutation: 'adoptPractice',
    query: `mutation ($input: AdoptPracticeInput!) { adoptPractice(input: $input) { practice { id } jurisdiction { id } status } }`,
    who: 'sz-official',
    other: 'gz-official',
    keyField: 'input.idempotencyKey',
    prepare: none,
    variables: (_t, input, key) =>
      keyed(
        { practice: 'prac-hk-cbps-kiosks', status: input === 'same' ? 'ADOPTED' : 'PILOTED', date: '2026-02-01' },
        key,
      ),
  },
  {
    mutation: 'askOwner',
    query: ASK,
    who: 'sz-official',
    other: 'sz-gov-data-bureau-official',
    keyField: 'input.idempotencyKey',
    prepare: async (_send, who) => ({ text: fresh(who) }),
    variables: (t, input, key) =>
      keyed({ practice: HK_TD_PRACTICE, text: input === 'same' ? `${t.text}` : `${t.text}?` }, key),
  },
  {
    mutation: 'answerQuestion',
    query: `mutation ($input: AnswerQuestionInput!) { answerQuestion(input: $input) { id answers { text } } }`,
    who: 'hk-official',
    other: 'hk-td-official',
    keyField: 'input.idempotencyKey',
    prepare: async (send, who) => ({
      id: await ok(send, 'sz-official', ASK, { input: { practice: HK_TD_PRACTICE, text: fresh(who) } }, 'askOwner'),
    }),
    variables: (t, input, key) => keyed({ question: t.id, text: input === 'same' ? 'Yes, daily.' : 'No.' }, key),
  },
];
