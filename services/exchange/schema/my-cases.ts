/** myCases: a resident's own cases, each with the agencies involved in it. */
import { type Case, newestFirst } from '../../../schema/domain/index.js';
import { UserFacingError } from '../../../schema/errors.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';
import { CaseRef } from './case.js';

const AgencyRef = builder
  .externalRef('Agency', builder.selection<{ id: string }>('id'))
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });

function requirePerson(ctx: ExchangeContext): string {
  if (!ctx.principal) throw new UserFacingError('UNAUTHENTICATED', 'This needs a signed-in caller.');
  if (!ctx.principal.roles.includes('resident') || !ctx.principal.personId)
    throw new UserFacingError('FORBIDDEN', 'This is for the resident role only.', { role: 'resident' });
  return ctx.principal.personId;
}

/** The handling agency, then every agency a consent or consent request on the case names. */
async function agenciesOf(ctx: ExchangeContext, kase: Case): Promise<string[]> {
  const where = [{ field: 'case' as const, op: 'in' as const, values: [kase.id] }];
  const [[service], consents, requests] = await Promise.all([
    ctx.store.getByIds('Service', [kase.service]),
    ctx.store.find('Consent', { where, first: 1000 }),
    ctx.store.find('ConsentRequest', { where, first: 1000 }),
  ]);
  const ids = [
    ...(service ? [service.agency] : []),
    ...consents.records.flatMap((c) => [c.controller, c.recipient]),
    ...requests.records.map((r) => r.requesterAgency),
  ];
  return [...new Set(ids)];
}

builder.objectField(CaseRef, 'agencies', (t) =>
  t.field({
    type: [AgencyRef],
    nullable: true,
    description:
      'For the resident the case is about: the handling agency and every agency a consent or consent request on it names.',
    resolve: async (kase, _args, ctx, info) => {
      if (ctx.principal?.personId !== kase.person || !ctx.principal.roles.includes('resident'))
        throw new UserFacingError('FORBIDDEN', 'Only the resident a case is about sees its agencies.', {}, null, info);
      return (await agenciesOf(ctx, kase)).map((id) => ({ id }));
    },
  }),
);

builder.queryField('myCases', (t) =>
  t.field({
    description: 'The signed-in resident’s cases, newest first, with their status and the agencies involved.',
    type: [CaseRef],
    nullable: true,
    resolve: async (_root, _args, ctx) => {
      const person = requirePerson(ctx);
      const found = await ctx.store.find('Case', {
        where: [{ field: 'person', op: 'in', values: [person] }],
        first: 1000,
      });
      return found.records.toSorted((a, b) => newestFirst(a.submittedAt, b.submittedAt));
    },
  }),
);
