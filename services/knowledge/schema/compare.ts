import { checkId } from '../../../schema/args.js';
import type { Jurisdiction, Practice, Service } from '../../../schema/domain/index.js';
import { badUserInput, notFound } from '../../../schema/errors.js';
import { type KnowledgeContext, loadMany, loadOne } from '../context.js';
import { builder } from './builder.js';
import { JurisdictionRef, jurisdictionArg } from './jurisdiction.js';
import { AdoptionRef, adoptionsOf, PracticeRef } from './practice.js';
import { ChannelEnum, ServiceRef } from './service.js';
import { TopicRef } from './topic.js';

/** Enough for any real topic; the comparison says when it was cut. */
const PER_SIDE = 100;

interface Row {
  readonly topic: string;
  readonly jurisdiction: Jurisdiction['id'];
  readonly services: Service[];
  readonly practices: Practice[];
  readonly truncated: boolean;
}

interface Comparison {
  readonly topic: string;
  readonly rows: Row[];
}

const ChannelCount = builder
  .objectRef<{ channel: Service['channels'][number]; services: number }>('ChannelCount')
  .implement({
    fields: (t) => ({
      channel: t.field({ type: ChannelEnum, resolve: (c) => c.channel }),
      services: t.exposeInt('services'),
    }),
  });

/**
 * Every adoption the graph holds of another jurisdiction's practice on the topic by one jurisdiction: the practices that
 * list it in `adoptedBy` (the data set, events) and those with a recorded Adoption (adoptPractice),
 * each seen through adoptionsOf so the row agrees with Practice.adoptions.
 */
async function adoptionsIn(ctx: KnowledgeContext, topic: string, jurisdiction: Jurisdiction['id']) {
  const [listed, recorded] = await Promise.all([
    ctx.store.find('Practice', {
      where: [
        { field: 'topics', op: 'containsAny', values: [topic] },
        { field: 'adoptedBy', op: 'containsAny', values: [jurisdiction] },
      ],
      first: 1000,
    }),
    ctx.store.find('Adoption', { where: [{ field: 'jurisdiction', op: 'in', values: [jurisdiction] }], first: 1000 }),
  ]);
  const fromRecords = await loadMany(
    ctx.loaders,
    'Practice',
    recorded.records.map((a) => a.practice),
  );
  const practices = new Map(
    [...listed.records, ...fromRecords]
      .filter((p) => p.topics.includes(topic) && p.jurisdiction !== jurisdiction)
      .map((p) => [p.id, p]),
  );
  const views = await Promise.all([...practices.values()].map((p) => adoptionsOf(p, ctx)));
  return views
    .flat()
    .filter((v) => v.jurisdiction === jurisdiction)
    .toSorted((a, b) => a.practice.id.localeCompare(b.practice.id));
}

const share = (services: Service[], flag: (s: Service) => boolean) =>
  services.length === 0 ? null : services.filter(flag).length / services.length;

const RowRef = builder.objectRef<Row>('ComparisonRow').implement({
  description: 'One side’s delivery of the topic: its services and practices, and at-a-glance shares.',
  fields: (t) => ({
    jurisdiction: t.field({
      type: JurisdictionRef,
      resolve: (r, _a, ctx) => loadOne(ctx.loaders, 'Jurisdiction', r.jurisdiction),
    }),
    services: t.field({ type: [ServiceRef], resolve: (r) => r.services }),
    practices: t.field({ type: [PracticeRef], resolve: (r) => r.practices }),
    adoptions: t.field({
      description:
        'Adoptions, pilots and rejections by this jurisdiction of practices on the topic from elsewhere, as Practice.adoptions lists them: recorded ones and the data set’s.',
      type: [AdoptionRef],
      resolve: (r, _a, ctx) => adoptionsIn(ctx, r.topic, r.jurisdiction),
    }),
    truncated: t.exposeBoolean('truncated', {
      description: `True when more than ${PER_SIDE} services or practices matched.`,
    }),
    channels: t.field({
      description: 'How many of the services each channel reaches.',
      type: [ChannelCount],
      resolve: (r) =>
        (['online', 'app', 'kiosk', 'counter', 'phone'] as const).map((channel) => ({
          channel,
          services: r.services.filter((s) => s.channels.includes(channel)).length,
        })),
    }),
    onlineShare: t.float({
      nullable: true,
      description: 'Share of services reachable online or by app (0 to 1).',
      resolve: (r) => share(r.services, (s) => s.channels.includes('online') || s.channels.includes('app')),
    }),
    zeroRedirectionShare: t.float({ nullable: true, resolve: (r) => share(r.services, (s) => s.zeroRedirection) }),
    paperlessShare: t.float({ nullable: true, resolve: (r) => share(r.services, (s) => s.paperless) }),
    faceToFaceRequiredShare: t.float({
      nullable: true,
      description: 'Lower is better for residents.',
      resolve: (r) => share(r.services, (s) => s.faceToFaceRequired),
    }),
  }),
});

const ComparisonRef = builder.objectRef<Comparison>('Comparison').implement({
  fields: (t) => ({
    topic: t.field({ type: TopicRef, resolve: (c, _a, ctx) => loadOne(ctx.loaders, 'Topic', c.topic) }),
    rows: t.field({ type: [RowRef], resolve: (c) => c.rows }),
  }),
});

builder.queryField('compare', (t) =>
  t.field({
    description:
      'How each jurisdiction delivers a topic: services with channels and flags, and practices, side by side.',
    type: ComparisonRef,
    args: {
      topic: t.arg.id({ required: true }),
      jurisdictions: t.arg.idList({ required: false, description: 'Default: every jurisdiction.' }),
    },
    resolve: async (_root, args, ctx) => {
      const topic = checkId(args.topic, 'topic');
      if (!(await ctx.loaders.byId('Topic').load(topic))) throw notFound('topic', topic);
      const wanted = args.jurisdictions?.length
        ? args.jurisdictions.map((j, i) => jurisdictionArg(j, `jurisdictions.${i}`))
        : (await ctx.store.list('Jurisdiction', { first: 100 })).map((j) => j.id);
      if (new Set(wanted).size !== wanted.length) throw badUserInput('jurisdictions', 'names a jurisdiction twice');
      const rows = await Promise.all(
        wanted.map(async (jurisdiction) => {
          const [services, practices] = await Promise.all([
            ctx.store.find('Service', {
              where: [
                { field: 'topics', op: 'containsAny', values: [topic] },
                { field: 'jurisdiction', op: 'in', values: [jurisdiction] },
              ],
              first: PER_SIDE,
            }),
            ctx.store.find('Practice', {
              where: [
                { field: 'topics', op: 'containsAny', values: [topic] },
                { field: 'jurisdiction', op: 'in', values: [jurisdiction] },
              ],
              first: PER_SIDE,
            }),
          ]);
          return {
            topic,
            jurisdiction,
            services: services.records,
            practices: practices.records,
            truncated: services.hasNextPage || practices.hasNextPage,
          };
        }),
      );
      return { topic, rows };
    },
  }),
);
