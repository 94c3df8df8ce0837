import { entity } from '../../../schema/builder.js';
import type { Topic } from '../../../schema/domain/index.js';
import { builder } from './builder.js';
import { REFERENCE_LIST_LIMIT } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';

export const TopicRef = builder.objectRef<Topic>('Topic').implement({
  description: 'A subject shared by services and practices, e.g. digital identity or kiosks.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.field({ type: LocalizedTextRef, resolve: (x) => x.name }),
  }),
});

builder.asEntity(TopicRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity(await ctx.loaders.byId('Topic').load(id)),
});

builder.queryField('topics', (t) =>
  t.field({
    description: 'Every topic services and practices are filed under, ordered by id.',
    type: [TopicRef],
    resolve: (_root, _args, ctx) => ctx.store.list('Topic', { first: REFERENCE_LIST_LIMIT }),
  }),
);
