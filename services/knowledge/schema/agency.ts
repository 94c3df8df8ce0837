import { entity } from '../../../schema/builder.js';
import type { Agency } from '../../../schema/domain/index.js';
import { loadOne } from '../context.js';
import { builder } from './builder.js';
import { byIdQueryField } from './by-id.js';
import { JurisdictionRef } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';

export const AgencyRef = builder.objectRef<Agency>('Agency').implement({
  description: 'A government bureau, department or office of one jurisdiction.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.field({ type: LocalizedTextRef, resolve: (a) => a.name }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      resolve: (a, _args, ctx) => loadOne(ctx.loaders, 'Jurisdiction', a.jurisdiction),
    }),
    website: t.exposeString('website', { nullable: true }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'The public page the facts come from.' }),
    synthetic: t.exposeBoolean('synthetic', { description: 'True when the record is illustrative, not sourced.' }),
  }),
});

builder.asEntity(AgencyRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity(await ctx.loaders.byId('Agency').load(id)),
});

byIdQueryField('agency', 'Agency', AgencyRef);
