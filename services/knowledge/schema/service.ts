import { CHANNELS, type Channel, type Service } from '../../../schema/domain/index.js';
import { badUserInput, notFound } from '../../../schema/errors.js';
import { builder } from './builder.js';
import { JurisdictionRef } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';

const ChannelEnum = builder.enumType('Channel', {
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
      resolve: async (s, _args, ctx) => {
        const j = await ctx.loaders.jurisdiction.load(s.jurisdiction);
        if (!j) throw new Error(`service ${s.id} names unknown jurisdiction ${s.jurisdiction}`);
        return j;
      },
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
  resolveReference: ({ id }, ctx) => ctx.loaders.service.load(id),
});

export const MAX_ID_LENGTH = 200;

builder.queryField('service', (t) =>
  t.field({
    description: 'One service by id; null with a NOT_FOUND error when there is none.',
    type: ServiceRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      if (id.length > MAX_ID_LENGTH) throw badUserInput('id', `is longer than ${MAX_ID_LENGTH} characters`);
      const service = await ctx.loaders.service.load(id);
      if (!service) throw notFound('service', id);
      return service;
    },
  }),
);
