import { enumValues, pageSize } from '../../../schema/args.js';
import { entity } from '../../../schema/builder.js';
import { ADOPTION_STATUSES, type Adoption, type Jurisdiction, type Practice } from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
import { MAX_TRAVERSAL_DEPTH } from '../../graph/graph-store.port.js';
import { type KnowledgeContext, loadMany, loadOne } from '../context.js';
import { practicePredicates } from '../filters.js';
import { decodeCursor, toConnection } from '../pagination.js';
import { AgencyRef } from './agency.js';
import { builder } from './builder.js';
import { byIdQueryField } from './by-id.js';
import { connectionOf } from './connection.js';
import { JurisdictionRef } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';
import { OutcomeRef } from './outcome.js';
import { ServiceRef } from './service.js';
import { TopicRef } from './topic.js';

const INSPIRED_BY = { type: 'INSPIRED_BY', direction: 'out' } as const;
const INSPIRED = { type: 'INSPIRED_BY', direction: 'in' } as const;

/** A jurisdiction's decision on a practice: a recorded adoption, or one the data set lists without a record. */
export interface AdoptionView {
  readonly practice: Practice;
  readonly jurisdiction: Jurisdiction['id'];
  readonly record: Adoption | null;
}

const ADOPTS = { type: 'ADOPTS', direction: 'in' } as const;

/** Recorded adoptions first (by jurisdiction), then the data set's `adoptedBy` that have no record. */
export async function adoptionsOf(p: Practice, ctx: KnowledgeContext): Promise<AdoptionView[]> {
  const records = await loadMany(ctx.loaders, 'Adoption', await ctx.loaders.related('Practice', ADOPTS).load(p.id));
  const recorded = records
    .toSorted((a, b) => a.jurisdiction.localeCompare(b.jurisdiction))
    .map((record) => ({ practice: p, jurisdiction: record.jurisdiction, record }));
  const listed = p.adoptedBy
    .filter((j) => !records.some((r) => r.jurisdiction === j))
    .map((jurisdiction) => ({ practice: p, jurisdiction, record: null }));
  return [...recorded, ...listed];
}

interface LineageEntry {
  readonly practice: Practice;
  readonly depth: number;
  readonly relation: 'ANCESTOR' | 'DESCENDANT';
}

export const PracticeRef = builder.objectRef<Practice>('Practice');

/** One enum in and out: adoptPractice takes it, Adoption.status returns it. */
export const AdoptionStatus = builder.enumType('AdoptionStatus', { values: enumValues(ADOPTION_STATUSES) });

export const AdoptionRef = builder.objectRef<AdoptionView>('Adoption').implement({
  description: 'A jurisdiction that adopted, piloted or rejected the practice, with what it measured.',
  fields: (t) => ({
    practice: t.field({ type: PracticeRef, resolve: (a) => a.practice }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      resolve: (a, _args, ctx) => loadOne(ctx.loaders, 'Jurisdiction', a.jurisdiction),
    }),
    agency: t.field({
      type: AgencyRef,
      nullable: true,
      description: 'The agency that recorded it; null for the data set’s adoptions.',
      resolve: (a, _args, ctx) => (a.record ? loadOne(ctx.loaders, 'Agency', a.record.agency) : null),
    }),
    status: t.field({
      type: AdoptionStatus,
      description: 'ADOPTED, PILOTED or REJECTED (the data set’s adoptions are ADOPTED).',
      resolve: (a) => a.record?.status ?? 'adopted',
    }),
    date: t.string({
      nullable: true,
      description: 'YYYY-MM-DD of the decision; null for the data set’s adoptions.',
      resolve: (a) => a.record?.date ?? null,
    }),
    outcomes: t.field({
      description: 'Results reported for this jurisdiction; the owner’s outcomes for the owning side.',
      type: [OutcomeRef],
      resolve: (a) => a.record?.outcomes ?? (a.jurisdiction === a.practice.jurisdiction ? a.practice.outcomes : []),
    }),
    note: t.field({ type: LocalizedTextRef, nullable: true, resolve: (a) => a.record?.note ?? null }),
    recordedAt: t.string({ nullable: true, resolve: (a) => a.record?.recordedAt ?? null }),
  }),
});

const LineageRelation = builder.enumType('LineageRelation', {
  values: {
    ANCESTOR: { description: 'The practice was inspired, directly or not, by this one.' },
    DESCENDANT: { description: 'This one was inspired, directly or not, by the practice.' },
  } as const,
});

const LineageEntryRef = builder.objectRef<LineageEntry>('LineageEntry').implement({
  fields: (t) => ({
    practice: t.field({ type: PracticeRef, resolve: (e) => e.practice }),
    depth: t.exposeInt('depth', { description: 'Hops from the practice asked about (1 = direct).' }),
    relation: t.field({ type: LineageRelation, resolve: (e) => e.relation }),
    adoptions: t.field({
      description: 'Where this practice of the lineage was adopted, piloted or rejected.',
      type: [AdoptionRef],
      resolve: (e, _args, ctx) => adoptionsOf(e.practice, ctx),
    }),
  }),
});

PracticeRef.implement({
  description: 'A best practice or case study one side shares with the others.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.field({ type: LocalizedTextRef, resolve: (p) => p.title }),
    summary: t.field({ type: LocalizedTextRef, resolve: (p) => p.summary }),
    problem: t.field({ type: LocalizedTextRef, resolve: (p) => p.problem }),
    approach: t.field({ type: LocalizedTextRef, resolve: (p) => p.approach }),
    results: t.field({ type: LocalizedTextRef, resolve: (p) => p.results }),
    lessons: t.field({ type: LocalizedTextRef, resolve: (p) => p.lessons }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      resolve: (p, _args, ctx) => loadOne(ctx.loaders, 'Jurisdiction', p.jurisdiction),
    }),
    agency: t.field({ type: AgencyRef, resolve: (p, _args, ctx) => loadOne(ctx.loaders, 'Agency', p.agency) }),
    topics: t.field({ type: [TopicRef], resolve: (p, _args, ctx) => loadMany(ctx.loaders, 'Topic', p.topics) }),
    relatedServices: t.field({
      type: [ServiceRef],
      resolve: (p, _args, ctx) => loadMany(ctx.loaders, 'Service', p.relatedServices),
    }),
    outcomes: t.field({ type: [OutcomeRef], resolve: (p) => p.outcomes }),
    adoptedBy: t.field({
      type: [JurisdictionRef],
      resolve: (p, _args, ctx) => loadMany(ctx.loaders, 'Jurisdiction', p.adoptedBy),
    }),
    adoptions: t.field({
      description: 'Recorded adoptions, pilots and rejections, then the data set’s adoptions without a record.',
      type: [AdoptionRef],
      resolve: (p, _args, ctx) => adoptionsOf(p, ctx),
    }),
    inspiredBy: t.field({
      description: 'Practices this one drew on.',
      type: [PracticeRef],
      resolve: async (p, _args, ctx) =>
        loadMany(ctx.loaders, 'Practice', await ctx.loaders.related('Practice', INSPIRED_BY).load(p.id)),
    }),
    inspired: t.field({
      description: 'Practices that drew on this one.',
      type: [PracticeRef],
      resolve: async (p, _args, ctx) =>
        loadMany(ctx.loaders, 'Practice', await ctx.loaders.related('Practice', INSPIRED).load(p.id)),
    }),
    lineage: t.field({
      description: `Ancestors and descendants up to \`depth\` hops (1 to ${MAX_TRAVERSAL_DEPTH}), nearest first.`,
      type: [LineageEntryRef],
      args: { depth: t.arg.int({ required: false, defaultValue: 3 }) },
      resolve: async (p, { depth }, ctx) => {
        const maxDepth = depth ?? 3;
        if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_TRAVERSAL_DEPTH) {
          throw badUserInput('depth', `must be a whole number from 1 to ${MAX_TRAVERSAL_DEPTH}`);
        }
        const [up, down] = await Promise.all([
          ctx.store.traverse('Practice', p.id, { ...INSPIRED_BY, maxDepth }),
          ctx.store.traverse('Practice', p.id, { ...INSPIRED, maxDepth }),
        ]);
        const steps = [
          ...up.map((r) => ({ ...r, relation: 'ANCESTOR' as const })),
          ...down.map((r) => ({ ...r, relation: 'DESCENDANT' as const })),
        ];
        const practices = await loadMany(
          ctx.loaders,
          'Practice',
          steps.map((s) => s.id),
        );
        const byId = new Map(practices.map((x) => [x.id, x]));
        return steps.flatMap((s) => {
          const practice = byId.get(s.id);
          return practice ? [{ practice, depth: s.depth, relation: s.relation }] : [];
        });
      },
    }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true }),
    synthetic: t.exposeBoolean('synthetic', {
      description: 'True for proposals and illustrations, not sourced cases.',
    }),
    publishedAt: t.exposeString('publishedAt'),
  }),
});

builder.asEntity(PracticeRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity(await ctx.loaders.byId('Practice').load(id)),
});

const PracticeFilterInput = builder.inputType('PracticeFilter', {
  description: 'All given conditions must hold; a list matches any of its values.',
  fields: (t) => ({
    jurisdictions: t.idList({ required: false }),
    agencies: t.idList({ required: false }),
    topics: t.idList({ required: false }),
    adoptedBy: t.idList({ required: false, description: 'Jurisdictions that replicated the practice.' }),
    relatedServices: t.idList({ required: false }),
    updatedSince: t.string({ required: false, description: 'ISO 8601 date: practices published on or after it.' }),
  }),
});

const PracticeConnection = connectionOf('Practice', PracticeRef);

byIdQueryField('practice', 'Practice', PracticeRef);

builder.queryField('practices', (t) =>
  t.field({
    description: 'Practices matching the filter, ordered by id, one page at a time.',
    type: PracticeConnection,
    args: {
      filter: t.arg({ type: PracticeFilterInput, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first);
      const after = args.after == null ? undefined : decodeCursor(args.after);
      const where = practicePredicates(args.filter);
      return toConnection(await ctx.store.find('Practice', { where, first, after }), after);
    },
  }),
);
