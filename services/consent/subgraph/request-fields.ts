/**
 * requestConsent, cancelConsentRequest and consentRequests for officials of the asking agency;
 * myConsentRequests and answerConsentRequest for the resident a request is about.
 */
import { checkId, pageSize } from '../../../schema/args.js';
import { authorOf, callerOf, personOf } from '../../../schema/auth-scopes.js';
import type { ConsentRequest, ConsentRequestState } from '../../../schema/domain/index.js';
import { decodeCursor, toConnection } from '../../knowledge/pagination.js';
import { KEYED_WRITE_KEY, once } from '../../shared/keyed-write.js';
import type { StepContext } from '../requests/desk.js';
import { PageInfo } from './audit-fields.js';
import { builder } from './builder.js';
import { DataCategoryEnum } from './consent-type.js';
import type { ConsentContext } from './context.js';
import { AnswerPayloadRef, ConsentRequestRef, ConsentRequestStateEnum } from './request-type.js';

const RequestConsentInput = builder.inputType('RequestConsentInput', {
  fields: (t) => ({
    case: t.id({ required: true, description: 'A case your agency handles.' }),
    categories: t.field({ type: [DataCategoryEnum], required: true }),
    purpose: t.string({ required: true, description: 'One of the purposes of the case’s service.' }),
    expiresAt: t.string({
      required: true,
      description: 'RFC 3339 time the consent would end: future, at most 731 days ahead.',
    }),
    note: t.string({ required: false, description: 'For the resident.' }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

const Decision = builder.enumType('ConsentDecision', {
  values: { APPROVE: { value: 'approve' }, DECLINE: { value: 'decline' } } as const,
});

const AnswerConsentRequestInput = builder.inputType('AnswerConsentRequestInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    decision: t.field({ type: Decision, required: true }),
    categories: t.field({
      type: [DataCategoryEnum],
      required: false,
      description: 'Approve only these of the requested categories; all of them when absent.',
    }),
    idempotencyKey: t.string({ required: false, description: KEYED_WRITE_KEY }),
  }),
});

const Edge = builder.objectRef<{ node: ConsentRequest; cursor: string }>('ConsentRequestEdge').implement({
  fields: (t) => ({
    node: t.field({ type: ConsentRequestRef, resolve: (e) => e.node }),
    cursor: t.exposeString('cursor'),
  }),
});

const Connection = builder
  .objectRef<ReturnType<typeof toConnection<ConsentRequest>>>('ConsentRequestConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt('totalCount'),
    }),
  });

/** The desk's view of the request; every field that calls it declares a scope, so there is a caller. */
const step = (ctx: ConsentContext): StepContext => ({
  principal: callerOf(ctx.principal),
  now: ctx.now(),
  requestId: ctx.requestId,
});

/** Every pending request of the scope past its answer-by time is closed as expired before a read. */
async function sweep(ctx: ConsentContext, field: 'subject' | 'requesterAgency', value: string) {
  const pending = await ctx.store.find('ConsentRequest', {
    where: [
      { field, op: 'in', values: [value] },
      { field: 'state', op: 'in', values: ['pending'] },
    ],
    first: 1000,
  });
  return ctx.requests.current(pending.records, ctx.now(), ctx.requestId);
}

builder.mutationField('requestConsent', (t) =>
  t.field({
    description:
      'An official of the case’s handling agency asks its resident for consent; the resident’s side is notified.',
    type: ConsentRequestRef,
    nullable: true,
    args: { input: t.arg({ type: RequestConsentInput, required: true }) },
    // Whether the case is one the official's agency handles is the desk's to say: it needs the case.
    authScopes: { official: true },
    resolve: (_root, args, ctx) =>
      once(ctx, { mutation: 'requestConsent', args }, () => ctx.requests.request(step(ctx), args.input)),
  }),
);

builder.mutationField('cancelConsentRequest', (t) =>
  t.field({
    description: 'The requesting agency withdraws a request its resident has not answered.',
    type: ConsentRequestRef,
    nullable: true,
    args: {
      id: t.arg.id({ required: true }),
      idempotencyKey: t.arg.string({ required: false, description: KEYED_WRITE_KEY }),
    },
    authScopes: { official: true },
    resolve: (_root, args, ctx) =>
      once(ctx, { mutation: 'cancelConsentRequest', args }, () => ctx.requests.cancel(step(ctx), checkId(args.id))),
  }),
);

builder.mutationField('answerConsentRequest', (t) =>
  t.field({
    description:
      'The resident approves (all or some of the categories) or declines; an approval creates the consent with its signed receipt.',
    type: AnswerPayloadRef,
    nullable: true,
    args: { input: t.arg({ type: AnswerConsentRequestInput, required: true }) },
    authScopes: { resident: true },
    resolve: async (_root, args, ctx) => {
      const s = step(ctx);
      // A replay returns the consent the first answer created, with its receipt; nothing is signed again.
      return once(ctx, { mutation: 'answerConsentRequest', args }, async () => {
        const { input } = args;
        const { request, consent } = await ctx.requests.answer(s, { ...input, id: checkId(input.id, 'input.id') });
        // The consent was stored with the receipt of its grant (../requests/grant.ts).
        const receipt = consent?.receipts.at(-1) ?? null;
        return { request, consent, receipt };
      });
    },
  }),
);

builder.queryField('myConsentRequests', (t) =>
  t.field({
    description: 'The signed-in resident’s consent requests, newest first, each with its preview.',
    type: [ConsentRequestRef],
    nullable: true,
    args: { state: t.arg({ type: ConsentRequestStateEnum, required: false }) },
    authScopes: { resident: true },
    resolve: async (_root, { state }, ctx) => {
      const subject = personOf(ctx.principal);
      await sweep(ctx, 'subject', subject);
      const found = await ctx.store.find('ConsentRequest', {
        where: [
          { field: 'subject', op: 'in', values: [subject] },
          ...(state ? [{ field: 'state' as const, op: 'in' as const, values: [state as ConsentRequestState] }] : []),
        ],
        first: 1000,
      });
      return found.records.toSorted((a, b) => b.id.localeCompare(a.id));
    },
  }),
);

builder.queryField('consentRequests', (t) =>
  t.field({
    description: 'Officials: their agency’s consent requests and outcomes, oldest first.',
    type: Connection,
    nullable: true,
    args: {
      state: t.arg({ type: ConsentRequestStateEnum, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    authScopes: { official: true },
    resolve: async (_root, { state, first, after }, ctx) => {
      const { agency } = authorOf(ctx.principal);
      const size = pageSize(first);
      const from = after == null ? undefined : decodeCursor(after);
      await sweep(ctx, 'requesterAgency', agency);
      const found = await ctx.store.find('ConsentRequest', {
        where: [
          { field: 'requesterAgency', op: 'in', values: [agency] },
          ...(state ? [{ field: 'state' as const, op: 'in' as const, values: [state as ConsentRequestState] }] : []),
        ],
        first: size,
        ...(from ? { after: from } : {}),
      });
      return toConnection(found, from);
    },
  }),
);
