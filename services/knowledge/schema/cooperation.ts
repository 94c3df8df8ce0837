/**
 * Regional cooperation: officials share practices (drafts, versions), record adoptions with
 * outcomes, ask a practice's owner and answer, and follow what the other side does (`feed`,
 * `feedUpdated`). Only officials write, each for their own jurisdiction and agency (from the token);
 * the discussion (questions, answers, the feed, drafts) is for officials alone.
 */

import { z } from 'zod';
import { enumValues, pageSize, parseInput } from '../../../schema/args.js';
import { authorOf, officialsOnly } from '../../../schema/auth-scopes.js';
import { authoredText } from '../../../schema/authored-text.js';
import {
  ADOPTION_STATUSES,
  type Answer,
  type Author,
  IsoDate,
  newestFirst,
  type PracticeVersion,
  type Question,
  Slug,
  Url,
} from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
import { INPUT_LIMITS } from '../../../schema/input-limits.js';
import { eventOrError, whileAuthorised } from '../../../schema/subscriptions.js';
import { IDEMPOTENCY_KEY } from '../../shared/idempotency.js';
import { KEYED_WRITE_KEY, keyOfOneMutation, once } from '../../shared/keyed-write.js';
import { type KnowledgeContext, loadOne } from '../context.js';
import type { Shared } from '../cooperation/desk.js';
import { FEED_KINDS, type FeedItem, feedItems } from '../cooperation/feed.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { AgencyRef } from './agency.js';
import { builder } from './builder.js';
import { connectionOf } from './connection.js';
import { JurisdictionRef, jurisdictionArg } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';
import { OutcomeRef } from './outcome.js';
import { AdoptionRef, AdoptionStatus, PracticeRef } from './practice.js';

// --- output types -------------------------------------------------------------------------------

const AuthorRef = builder.objectRef<Author>('Author').implement({
  description: 'The official who wrote a record.',
  fields: (t) => ({
    username: t.exposeString('username'),
    agency: t.field({ type: AgencyRef, resolve: (a, _x, ctx) => loadOne(ctx.loaders, 'Agency', a.agency) }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      resolve: (a, _x, ctx) => loadOne(ctx.loaders, 'Jurisdiction', a.jurisdiction),
    }),
  }),
});

const PracticeState = builder.enumType('PracticeState', {
  values: {
    DRAFT: { value: 'draft', description: 'Saved, seen only by officials of its agency.' },
    PUBLISHED: { value: 'published', description: 'Visible to everyone and sent to the other side.' },
  } as const,
});

const PracticeVersionRef = builder.objectRef<PracticeVersion>('PracticeVersion').implement({
  description: 'A published version an edit replaced.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    savedAt: t.exposeString('savedAt', {
      nullable: true,
      description: 'When it was published; null for the data set’s.',
    }),
    title: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.title }),
    summary: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.summary }),
    problem: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.problem }),
    approach: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.approach }),
    results: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.results }),
    lessons: t.field({ type: LocalizedTextRef, resolve: (v) => v.content.lessons }),
    topics: t.idList({ resolve: (v) => v.content.topics }),
    outcomes: t.field({ type: [OutcomeRef], resolve: (v) => v.content.outcomes }),
  }),
});

const AnswerRef = builder.objectRef<Answer>('QuestionAnswer').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    answeredAt: t.exposeString('answeredAt'),
    answeredBy: t.field({ type: AuthorRef, resolve: (a) => a.answeredBy }),
  }),
});

const QuestionRef = builder.objectRef<Question>('Question').implement({
  description: 'A question an official put to the agency that owns a practice, with its answers.',
  fields: (t) => ({
    id: t.exposeID('id'),
    practice: t.field({ type: PracticeRef, resolve: (q, _x, ctx) => loadOne(ctx.loaders, 'Practice', q.practice) }),
    owner: t.field({ type: AgencyRef, resolve: (q, _x, ctx) => loadOne(ctx.loaders, 'Agency', q.ownerAgency) }),
    text: t.exposeString('text'),
    askedAt: t.exposeString('askedAt'),
    askedBy: t.field({ type: AuthorRef, resolve: (q) => q.askedBy }),
    answers: t.field({ type: [AnswerRef], resolve: (q) => q.answers }),
  }),
});

builder.objectFields(PracticeRef, (t) => ({
  state: t.field({
    type: PracticeState,
    resolve: (p) => ((p as Partial<Shared>).state === 'draft' ? 'draft' : 'published'),
  }),
  version: t.int({
    description: '1 as first published; each published edit adds one.',
    resolve: (p) => p.version ?? 1,
  }),
  updatedAt: t.string({
    nullable: true,
    description: 'When the current version was published (RFC 3339); null for the data set’s records.',
    resolve: (p) => p.updatedAt ?? null,
  }),
  versions: t.field({
    description: 'Earlier published versions, newest first.',
    type: [PracticeVersionRef],
    resolve: async (p, _x, ctx) =>
      (
        await ctx.store.find('PracticeVersion', {
          where: [{ field: 'practice', op: 'in', values: [p.id] }],
          first: 1000,
        })
      ).records.toSorted((a, b) => b.version - a.version),
  }),
  questions: t.field({
    description: 'Questions to the owning agency and their answers, oldest first; officials only.',
    type: [QuestionRef],
    nullable: true,
    ...officialsOnly('Reading questions', 'read questions'),
    resolve: async (p, _x, ctx) => {
      const found = await ctx.store.find('Question', {
        where: [{ field: 'practice', op: 'in', values: [p.id] }],
        first: 1000,
      });
      return found.records.toSorted((a, b) => newestFirst(b.askedAt, a.askedAt));
    },
  }),
}));

// --- inputs ---------------------------------------------------------------------------------------

const LocalizedTextInput = builder.inputType('LocalizedTextInput', {
  fields: (t) => ({
    en: t.string({ required: true }),
    zhHant: t.string({ required: false, description: 'Give zhHant, zhHans or both: a missing one is derived.' }),
    zhHans: t.string({ required: false, description: 'Give zhHant, zhHans or both: a missing one is derived.' }),
  }),
});

const OutcomeInput = builder.inputType('OutcomeInput', {
  description: 'A measured result. Without a source it is shown as self-reported.',
  fields: (t) => ({
    metric: t.string({ required: true, description: 'kebab-case, e.g. "processing-days"' }),
    value: t.float({ required: true }),
    unit: t.string({ required: true }),
    date: t.string({ required: true, description: 'YYYY-MM-DD: the date the figure refers to.' }),
    source: t.string({ required: false, description: 'http(s) URL of the source.' }),
  }),
});

const SharePracticeInput = builder.inputType('SharePracticeInput', {
  fields: (t) => ({
    id: t.id({
      required: false,
      description: 'To edit or publish a practice or draft of your agency; absent for a new one.',
    }),
    title: t.field({ type: LocalizedTextInput, required: true }),
    summary: t.field({ type: LocalizedTextInput, required: true }),
    problem: t.field({ type: LocalizedTextInput, required: true }),
    approach: t.field({ type: LocalizedTextInput, required: true }),
    results: t.field({ type: LocalizedTextInput, required: true }),
    lessons: t.field({ type: LocalizedTextInput, required: true }),
    topics: t.idList({ required: true }),
    relatedServices: t.idList({ required: false }),
    inspiredBy: t.idList({ required: false }),
    outcomes: t.field({ type: [OutcomeInput], required: false }),
    sourceUrl: t.string({ required: false }),
    state: t.field({ type: PracticeState, required: false, description: 'PUBLISHED (default) or DRAFT.' }),
    expectedVersion: t.int({
      required: false,
      description:
        'The published version your edit was made on: if another edit has been published since, yours is refused (BAD_USER_INPUT) rather than published over it. Absent, an edit published meanwhile is kept as the version before yours.',
    }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY }),
  }),
});

const AdoptPracticeInput = builder.inputType('AdoptPracticeInput', {
  fields: (t) => ({
    practice: t.id({ required: true, description: 'A published practice of another jurisdiction.' }),
    status: t.field({ type: AdoptionStatus, required: true }),
    date: t.string({ required: true, description: 'YYYY-MM-DD: when it was adopted, piloted or rejected.' }),
    outcomes: t.field({ type: [OutcomeInput], required: false }),
    note: t.field({ type: LocalizedTextInput, required: false }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

const AskOwnerInput = builder.inputType('AskOwnerInput', {
  fields: (t) => ({
    practice: t.id({ required: true }),
    text: t.string({ required: true, description: 'Not blank.' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY }),
  }),
});

const AnswerQuestionInput = builder.inputType('AnswerQuestionInput', {
  fields: (t) => ({
    question: t.id({ required: true }),
    text: t.string({ required: true, description: 'Not blank.' }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

const Text = authoredText(INPUT_LIMITS.body);
const ids = (max: number) =>
  z
    .array(Slug)
    .max(max, `names more than ${max}`)
    .refine((xs) => new Set(xs).size === xs.length, 'names an id twice');
const Outcomes = z
  .array(
    z.object({
      metric: Slug,
      value: z.number().finite(),
      unit: z.string().trim().min(1, 'must not be empty').max(100),
      date: IsoDate,
      source: Url.nullish(),
    }),
  )
  .max(50, 'has more than 50 outcomes');
const ShareSchema = z.object({
  id: Slug.nullish(),
  idempotencyKey: z.string().nullish(),
  title: Text,
  summary: Text,
  problem: Text,
  approach: Text,
  results: Text,
  lessons: Text,
  topics: ids(20).min(1, 'names no topic'),
  relatedServices: ids(50)
    .nullish()
    .transform((x) => x ?? []),
  inspiredBy: ids(50)
    .nullish()
    .transform((x) => x ?? []),
  outcomes: Outcomes.nullish().transform((x) => x ?? []),
  sourceUrl: Url.nullish(),
  state: z.enum(['draft', 'published']).nullish(),
  expectedVersion: z.number().int().min(0, 'is not a version').nullish(),
});
const AdoptSchema = z.object({
  practice: Slug,
  status: z.enum(ADOPTION_STATUSES),
  date: IsoDate,
  outcomes: Outcomes.nullish().transform((x) => x ?? []),
  note: Text.nullish(),
});
const QuestionText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(INPUT_LIMITS.message, 'is longer than 2,000 characters');
const AskSchema = z.object({ practice: Slug, text: QuestionText, idempotencyKey: z.string().nullish() });
const AnswerSchema = z.object({ question: Slug, text: QuestionText });

// --- mutations ------------------------------------------------------------------------------------

builder.mutationFields((t) => ({
  sharePractice: t.field({
    description:
      'Shares a practice of your own jurisdiction and agency (from your token): a new one, a new version of one of yours, or a draft to publish later. Published, it is sent to the other side in its dialect.',
    type: PracticeRef,
    args: { input: t.arg({ type: SharePracticeInput, required: true }) },
    ...officialsOnly('Sharing practices', 'share practices'),
    resolve: async (_root, args, ctx) => {
      const author = authorOf(ctx.principal);
      const parsed = parseInput(ShareSchema, args.input);
      return keyOfOneMutation(ctx, { mutation: 'sharePractice', args }, () =>
        ctx.cooperation.share(author, { ...parsed, draft: parsed.state === 'draft' }),
      );
    },
  }),
  adoptPractice: t.field({
    description: 'Records that your jurisdiction adopted, piloted or rejected another jurisdiction’s practice.',
    type: AdoptionRef,
    args: { input: t.arg({ type: AdoptPracticeInput, required: true }) },
    ...officialsOnly('Recording adoptions', 'record adoptions'),
    resolve: async (_root, args, ctx) => {
      const author = authorOf(ctx.principal);
      return once(ctx, { mutation: 'adoptPractice', args }, async () => {
        const record = await ctx.cooperation.adopt(author, parseInput(AdoptSchema, args.input));
        const practice = await loadOne(ctx.loaders, 'Practice', record.practice);
        return { practice, jurisdiction: record.jurisdiction, record };
      });
    },
  }),
  askOwner: t.field({
    description: 'Asks the agency that owns a practice; it is told by an outbound event and its feed.',
    type: QuestionRef,
    args: { input: t.arg({ type: AskOwnerInput, required: true }) },
    ...officialsOnly('Asking questions', 'ask questions'),
    resolve: (_root, args, ctx) =>
      keyOfOneMutation(ctx, { mutation: 'askOwner', args }, () =>
        ctx.cooperation.ask(authorOf(ctx.principal), parseInput(AskSchema, args.input)),
      ),
  }),
  answerQuestion: t.field({
    description: 'Answers a question on one of your agency’s practices.',
    type: QuestionRef,
    args: { input: t.arg({ type: AnswerQuestionInput, required: true }) },
    ...officialsOnly('Answering questions', 'answer questions'),
    // A replay returns the question as first answered: no second answer, no second feed item.
    resolve: (_root, args, ctx) =>
      once(ctx, { mutation: 'answerQuestion', args }, () =>
        ctx.cooperation.answer(authorOf(ctx.principal), parseInput(AnswerSchema, args.input)),
      ),
  }),
}));

// --- reading: drafts, the feed --------------------------------------------------------------------

builder.queryField('practiceDrafts', (t) =>
  t.field({
    description: 'Open drafts of your agency, newest first; officials only.',
    type: [PracticeRef],
    ...officialsOnly('Reading drafts', 'read drafts'),
    resolve: async (_root, _args, ctx) => {
      const author = authorOf(ctx.principal);
      const found = await ctx.store.find('PracticeDraft', {
        where: [
          { field: 'agency', op: 'in', values: [author.agency] },
          { field: 'open', op: 'eq', value: true },
        ],
        first: 1000,
      });
      return found.records
        .toSorted((a, b) => newestFirst(a.savedAt, b.savedAt))
        .map((d) => ({ ...d, state: 'draft' as const }));
    },
  }),
);

const FeedKind = builder.enumType('FeedItemKind', { values: enumValues(FEED_KINDS) });

const FeedItemRef = builder.objectRef<FeedItem>('FeedItem').implement({
  description: 'One thing that happened across the boundary; the fields its kind concerns are set.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: FeedKind, resolve: (i) => i.kind }),
    at: t.exposeString('at', {
      description:
        'RFC 3339: when it happened; for an announcement, its latest change (published, corrected or withdrawn: `announcement { change version withdrawnAt }` says which).',
    }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'Who acted.',
      resolve: (i, _x, ctx) => loadOne(ctx.loaders, 'Jurisdiction', i.jurisdiction),
    }),
    agency: t.field({ type: AgencyRef, resolve: (i, _x, ctx) => loadOne(ctx.loaders, 'Agency', i.agency) }),
    practice: t.field({
      type: PracticeRef,
      nullable: true,
      resolve: (i, _x, ctx) => (i.practice ? ctx.loaders.byId('Practice').load(i.practice) : null),
    }),
    adoption: t.field({
      type: AdoptionRef,
      nullable: true,
      resolve: async (i, _x, ctx) =>
        i.adoption
          ? {
              practice: await loadOne(ctx.loaders, 'Practice', i.adoption.practice),
              jurisdiction: i.adoption.jurisdiction,
              record: i.adoption,
            }
          : null,
    }),
    question: t.field({ type: QuestionRef, nullable: true, resolve: (i) => i.question }),
    answer: t.field({ type: AnswerRef, nullable: true, resolve: (i) => i.answer }),
    announcement: t.field({
      type: AnnouncementStub,
      nullable: true,
      description: 'Resolved by the exchange subgraph through the gateway.',
      resolve: (i) => (i.announcement ? { id: i.announcement } : null),
    }),
  }),
});

/** The exchange subgraph's announcement, referenced by key; the gateway joins its fields. */
const AnnouncementStub = builder
  .externalRef('Announcement', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });

const FeedConnection = connectionOf('FeedItem', FeedItemRef);

const cursorOf = (i: FeedItem) => encodeCursor(`${i.at}|${i.id}`);

/** The feed's jurisdiction: the one asked for, or the official's own. */
function viewerJurisdiction(ctx: KnowledgeContext, arg: string | null | undefined) {
  return arg == null ? authorOf(ctx.principal).jurisdiction : jurisdictionArg(arg, 'jurisdiction');
}

builder.queryField('feed', (t) =>
  t.field({
    description:
      'What is new for a jurisdiction (yours by default), newest first: practices the other side shared, adoptions across the boundary, questions to your practices, answers, the other side’s major announcements. Officials only.',
    type: FeedConnection,
    ...officialsOnly('Reading the feed', 'read the feed'),
    args: {
      jurisdiction: t.arg.id({ required: false }),
      since: t.arg.string({ required: false, description: 'RFC 3339: only what happened after it.' }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const j = viewerJurisdiction(ctx, args.jurisdiction);
      const since = args.since ?? null;
      if (since !== null && !z.iso.datetime({ offset: true }).safeParse(since).success) {
        throw badUserInput('since', 'must be an RFC 3339 timestamp, e.g. 2026-03-01T00:00:00+08:00');
      }
      const first = pageSize(args.first);
      const items = await feedItems(ctx.store, j, since);
      let start = 0;
      if (args.after != null) {
        const position = decodeCursor(args.after);
        start = items.findIndex((i) => `${i.at}|${i.id}` === position) + 1;
        if (start === 0) throw badUserInput('after', 'names no item of this feed');
      }
      const page = items.slice(start, start + first);
      const edges = page.map((node) => ({ node, cursor: cursorOf(node) }));
      return {
        edges,
        totalCount: items.length,
        pageInfo: {
          hasNextPage: start + first < items.length,
          hasPreviousPage: start > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  }),
);

builder.subscriptionField('feedUpdated', (t) =>
  t.field({
    description: 'The feed’s new items as they happen (SSE through the gateway); officials only.',
    type: FeedItemRef,
    args: { jurisdiction: t.arg.id({ required: false }) },
    // Checked as the stream opens (authorizeOnSubscribe): the scopes come from the token, which cannot
    // change while the stream lives; whileAuthorised ends it when the token expires.
    ...officialsOnly('Reading the feed', 'read the feed'),
    subscribe: (_root, args, ctx) =>
      whileAuthorised(ctx.cooperation.feed.subscribe(viewerJurisdiction(ctx, args.jurisdiction)), {
        principal: ctx.principal,
      }),
    resolve: eventOrError,
  }),
);
