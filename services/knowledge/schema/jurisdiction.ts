import { entity } from '../../../schema/builder.js';
import { type Jurisdiction, JurisdictionId } from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
import { builder } from './builder.js';
import { LocalizedTextRef } from './localized-text.js';

const JurisdictionKind = builder.enumType('JurisdictionKind', {
  values: { SAR: { value: 'SAR' }, CITY: { value: 'city' }, PROVINCE: { value: 'province' } } as const,
});

const LegalRegime = builder.enumType('LegalRegime', {
  description: 'The personal-data law that governs the jurisdiction.',
  values: {
    PDPO: { value: 'PDPO', description: "Hong Kong's Personal Data (Privacy) Ordinance" },
    PIPL: { value: 'PIPL', description: "the Mainland's Personal Information Protection Law" },
    PDPA_MO: { value: 'PDPA-MO', description: "Macao's Personal Data Protection Act" },
  } as const,
});

export const JurisdictionRef = builder.objectRef<Jurisdiction>('Jurisdiction').implement({
  description: 'A side of the boundary: Hong Kong, Macao, Guangdong province, or a city in it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.field({ type: LocalizedTextRef, resolve: (j) => j.name }),
    kind: t.field({ type: JurisdictionKind, resolve: (j) => j.kind }),
    legalRegime: t.field({ type: LegalRegime, resolve: (j) => j.legalRegime }),
  }),
});

builder.asEntity(JurisdictionRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity(await ctx.loaders.byId('Jurisdiction').load(id)),
});

/** Reference lists (jurisdictions, topics, agencies) are small and answered whole, not paged. */
export const REFERENCE_LIST_LIMIT = 1000;

builder.queryField('jurisdictions', (t) =>
  t.field({
    description: 'Every jurisdiction of the Greater Bay Area, ordered by id.',
    type: [JurisdictionRef],
    resolve: (_root, _args, ctx) => ctx.store.list('Jurisdiction', { first: REFERENCE_LIST_LIMIT }),
  }),
);

/** A jurisdiction id argument, refused with BAD_USER_INPUT when it names none. */
export function jurisdictionArg(value: string, field: string): Jurisdiction['id'] {
  const parsed = JurisdictionId.safeParse(value);
  if (!parsed.success) throw badUserInput(field, `"${value}" is not one of ${JurisdictionId.options.join(', ')}`);
  return parsed.data;
}
