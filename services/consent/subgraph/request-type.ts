/** The ConsentRequest type of DESIGN.md, with the preview only its subject ever gets. */
import { enumValues } from '../../../schema/args.js';
import { callerOf, refusedWith } from '../../../schema/auth-scopes.js';
import { CONSENT_REQUEST_STATES, type ConsentRequest } from '../../../schema/domain/index.js';
import { previewOf } from '../requests/preview.js';
import { stateAt } from '../requests/rules.js';
import { AgencyStub, builder, CaseStub, JurisdictionStub } from './builder.js';
import { ConsentRef, DataCategoryEnum } from './consent-type.js';

export const ConsentRequestStateEnum = builder.enumType('ConsentRequestState', {
  values: enumValues(CONSENT_REQUEST_STATES),
});

const PreviewItemRef = builder.objectRef<ReturnType<typeof previewOf>[number]>('ConsentPreviewItem').implement({
  description: 'One field a request would disclose, with the value that would cross, and to whom.',
  fields: (t) => ({
    category: t.field({ type: DataCategoryEnum, resolve: (p) => p.category }),
    field: t.exposeString('field', { description: 'As the Case API names it, e.g. applicant.name.' }),
    value: t.exposeString('value', { nullable: true, description: 'Null where nothing is on file.' }),
    recipient: t.field({ type: AgencyStub, resolve: (p) => ({ id: p.recipient }) }),
    recipientJurisdiction: t.field({ type: JurisdictionStub, resolve: (p) => ({ id: p.recipientJurisdiction }) }),
  }),
});

export const ConsentRequestRef = builder.objectRef<ConsentRequest>('ConsentRequest').implement({
  description: 'An agency’s request that a resident consent to a transfer for one case.',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.field({ type: ConsentRequestStateEnum, resolve: (r, _a, ctx) => stateAt(r, ctx.now()) }),
    case: t.field({ type: CaseStub, resolve: (r) => ({ id: r.case }) }),
    requester: t.field({
      type: AgencyStub,
      description: 'The agency asking.',
      resolve: (r) => ({ id: r.requesterAgency }),
    }),
    requesterJurisdiction: t.field({ type: JurisdictionStub, resolve: (r) => ({ id: r.requesterJurisdiction }) }),
    requestedBy: t.exposeString('requestedBy', { description: 'The official who asked.' }),
    categories: t.field({ type: [DataCategoryEnum], resolve: (r) => r.categories }),
    purpose: t.exposeString('purpose'),
    expiresAt: t.exposeString('expiresAt', { description: 'Until when the consent asked for would hold.' }),
    answerBy: t.exposeString('answerBy', { description: 'The request expires unanswered after this.' }),
    note: t.exposeString('note', { nullable: true }),
    createdAt: t.exposeString('createdAt'),
    answeredAt: t.exposeString('answeredAt', {
      nullable: true,
      description: 'When it was approved, declined or cancelled.',
    }),
    approvedCategories: t.field({ type: [DataCategoryEnum], resolve: (r) => r.approvedCategories }),
    consent: t.field({
      type: ConsentRef,
      nullable: true,
      description: 'The consent the approval created.',
      resolve: async (r, _a, ctx) =>
        r.consent ? ((await ctx.store.getByIds('Consent', [r.consent]))[0] ?? null) : null,
    }),
    preview: t.field({
      type: [PreviewItemRef],
      nullable: true,
      description: 'For the resident it is about only: each field that would cross, its value, and to whom.',
      authScopes: (r) => ({ residentOf: r.subject }),
      unauthorizedError: refusedWith({
        forbidden: () => ({ message: 'Only the resident a request is about sees its preview.' }),
      }),
      resolve: async (r, _a, ctx) => {
        const p = callerOf(ctx.principal);
        const [[person], [kase]] = await Promise.all([
          ctx.store.getByIds('Person', [r.subject]),
          ctx.store.getByIds('Case', [r.case]),
        ]);
        if (!person || !kase) return null;
        await ctx.requests.previewed({ principal: p, now: ctx.now(), requestId: ctx.requestId }, r);
        return previewOf(r, person, kase);
      },
    }),
  }),
});

export const AnswerPayloadRef = builder
  .objectRef<{ request: ConsentRequest; consent: unknown; receipt: string | null }>('AnswerConsentRequestPayload')
  .implement({
    fields: (t) => ({
      request: t.field({ type: ConsentRequestRef, resolve: (p) => p.request }),
      consent: t.field({
        type: ConsentRef,
        nullable: true,
        description: 'The consent an approval created; null for a decline.',
        resolve: (p) => (p.consent as never) ?? null,
      }),
      receipt: t.exposeString('receipt', {
        nullable: true,
        description: 'The signed receipt of the consent (JWS, ES256); verify it with Query.consentReceiptKeys.',
      }),
    }),
  });
