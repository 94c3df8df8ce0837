/** myCases: a resident's own cases, each with the agencies involved in it. */

import { personOf, refusedWith } from '../../../schema/auth-scopes.js';
import { type Case, newestFirst } from '../../../schema/domain/index.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';
import { CaseRef } from './case.js';

const AgencyRef = builder
  .externalRef('Agency', builder.selection<{ id: string }>('id'))
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });

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
    authScopes: (kase) => ({ residentOf: kase.person }),
    unauthorizedError: refusedWith({
      forbidden: () => ({ message: 'Only the resident a case is about sees its agencies.' }),
    }),
    resolve: async (kase, _args, ctx) => (await agenciesOf(ctx, kase)).map((id) => ({ id })),
  }),
);

builder.queryField('myCases', (t) =>
  t.field({
    description: 'The signed-in resident’s cases, newest first, with their status and the agencies involved.',
    type: [CaseRef],
    nullable: true,
    authScopes: { resident: true },
    resolve: async (_root, _args, ctx) => {
      const person = personOf(ctx.principal);
      const found = await ctx.store.find('Case', {
        where: [{ field: 'person', op: 'in', values: [person] }],
        first: 1000,
      });
      return found.records.toSorted((a, b) => newestFirst(a.submittedAt, b.submittedAt));
    },
  }),
);
