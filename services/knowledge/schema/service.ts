import { pageSize } from '../../../schema/args.js';
import { entity } from '../../../schema/builder.js';
import { CHANNELS, type Channel, type Service } from '../../../schema/domain/index.js';
import { loadMany, loadOne } from '../context.js';
import { servicePredicates } from '../filters.js';
import { decodeCursor, toConnection } from '../pagination.js';
import { AgencyRef } from './agency.js';
import { builder } from './builder.js';
import { byIdQueryField } from './by-id.js';
import { connectionOf } from './connection.js';
import { JurisdictionRef } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';
import { TopicRef } from './topic.js';

export const ChannelEnum = builder.enumType('Channel', {
  description: 'How a resident reaches the service.',
  values: Object.fromEntries(CHANNELS.map((c) => [c.toUpperCase(), { value: c }])) as Record<
    Uppercase<Channel>,
    { value: Channel }
  >,
});

export const ServiceRef = builder.objectRef<Service>('Service').implement({
  description: 'A government service, provided by one agency of one jurisdiction.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.field({ type: LocalizedTextRef, resolve: (s) => s.title }),
    summary: t.field({ type: LocalizedTextRef, resolve: (s) => s.summary }),
    jurisdiction: t.field({
      description: 'The providing jurisdiction (Hong Kong kiosks in Guangzhou are provided by Hong Kong).',
      type: JurisdictionRef,
      resolve: (s, _args, ctx) => loadOne(ctx.loaders, 'Jurisdiction', s.jurisdiction),
    }),
    agency: t.field({ type: AgencyRef, resolve: (s, _args, ctx) => loadOne(ctx.loaders, 'Agency', s.agency) }),
    topics: t.field({ type: [TopicRef], resolve: (s, _args, ctx) => loadMany(ctx.loaders, 'Topic', s.topics) }),
    purposes: t.exposeStringList('purposes', {
      description: 'Purposes for which the service processes personal data (consents name them).',
    }),
    channels: t.field({ type: [ChannelEnum], resolve: (s) => s.channels }),
    crossBoundary: t.exposeBoolean('crossBoundary'),
    zeroRedirection: t.exposeBoolean('zeroRedirection', {
      description: 'The resident can finish without being sent to another agency’s site or app.',
    }),
    paperless: t.exposeBoolean('paperless'),
    faceToFaceRequired: t.exposeBoolean('faceToFaceRequired'),
    steps: t.field({ type: [LocalizedTextRef], resolve: (s) => s.steps }),
    eligibility: t.field({ type: LocalizedTextRef, resolve: (s) => s.eligibility }),
    url: t.exposeString('url', { nullable: true }),
    sourceUrl: t.exposeString('sourceUrl', {
      nullable: true,
      description: 'The public page the facts come from; null when none was found.',
    }),
    synthetic: t.exposeBoolean('synthetic', { description: 'True when the record is illustrative, not sourced.' }),
    updatedAt: t.exposeString('updatedAt', { description: 'ISO 8601 date of the last change.' }),
  }),
});

builder.asEntity(ServiceRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity(await ctx.loaders.byId('Service').load(id)),
});

export const ServiceFilterInput = builder.inputType('ServiceFilter', {
  description: 'All given conditions must hold; a list matches any of its values.',
  fields: (t) => ({
    jurisdictions: t.idList({ required: false }),
    agencies: t.idList({ required: false }),
    topics: t.idList({ required: false }),
    channels: t.field({ type: [ChannelEnum], required: false }),
    crossBoundary: t.boolean({ required: false }),
    zeroRedirection: t.boolean({ required: false }),
    paperless: t.boolean({ required: false }),
    faceToFaceRequired: t.boolean({ required: false }),
    updatedSince: t.string({ required: false, description: 'ISO 8601 date: services changed on or after it.' }),
  }),
});

const ServiceConnection = connectionOf('Service', ServiceRef);

byIdQueryField('service', 'Service', ServiceRef);

builder.queryField('services', (t) =>
  t.field({
    description: 'Services matching the filter, ordered by id, one page at a time.',
    type: ServiceConnection,
    args: {
      filter: t.arg({ type: ServiceFilterInput, required: false }),
      first: t.arg.int({ required: false, description: 'Page size, 1 to 100 (default 20).' }),
      after: t.arg.string({ required: false, description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first);
      const after = args.after == null ? undefined : decodeCursor(args.after);
      const where = servicePredicates(args.filter);
      return toConnection(await ctx.store.find('Service', { where, first, after }), after);
    },
  }),
);
