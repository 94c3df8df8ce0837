import { entity } from '../../../schema/builder.js';
import type { Agency } from '../../../schema/domain/index.js';
import { loadOne } from '../context.js';
import { builder } from './builder.js';
import { byIdQueryField } from './by-id.js';
import { JurisdictionRef, jurisdictionArg, REFERENCE_LIST_LIMIT } from './jurisdiction.js';
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

builder.queryField('agencies', (t) =>
  t.field({
    description: 'Every agency, or those of the given jurisdictions, ordered by id.',
    type: [AgencyRef],
    args: {
      jurisdictions: t.arg.idList({ description: 'Only agencies of these jurisdictions; all when absent.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.jurisdictions == null) return ctx.store.list('Agency', { first: REFERENCE_LIST_LIMIT });
      const values = args.jurisdictions.map((j, i) => jurisdictionArg(String(j), `jurisdictions.${i}`));
      const found = await ctx.store.find('Agency', {
        where: [{ field: 'jurisdiction', op: 'in', values }],
        first: REFERENCE_LIST_LIMIT,
      });
      return found.records;
    },
  }),
);
