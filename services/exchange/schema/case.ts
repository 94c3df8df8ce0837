import { checkId, enumValues } from '../../../schema/args.js';
import { refusedWith } from '../../../schema/auth-scopes.js';
import { entity } from '../../../schema/builder.js';
import { CASE_STATUSES, type Case, DATA_CATEGORIES, type DataCategory } from '../../../schema/domain/index.js';
import { type FieldLocation, fieldRefusal, UserFacingError } from '../../../schema/errors.js';
import { caseAccess } from '../../consent/decide.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';
import { JurisdictionRef, LocalizedTextRef, PracticeRef, ServiceRef } from './refs.js';

const CaseStatus = builder.enumType('CaseStatus', { values: enumValues(CASE_STATUSES) });
export const DataCategoryEnum = builder.enumType('DataCategory', {
  description: 'A category of personal data; each personal field is tagged with one.',
  values: enumValues(DATA_CATEGORIES),
});

/** The field is released only where the consent rule allows it; otherwise null and CONSENT_REQUIRED at its path. */
async function disclose<T>(
  info: FieldLocation,
  ctx: ExchangeContext,
  kase: Case,
  category: DataCategory,
  value: () => Promise<T> | T,
): Promise<T> {
  if (!ctx.gate)
    throw new UserFacingError('UNAUTHENTICATED', 'Personal data needs a signed-in caller.', {}, null, info);
  const decision = await ctx.gate.decide(kase, category);
  if (!decision.allowed) {
    throw fieldRefusal(
      'CONSENT_REQUIRED',
      `No active consent lets this viewer see the applicant's ${category} data (${decision.reason}).`,
      { category, caseId: kase.id },
      info,
    );
  }
  return value();
}

async function person(ctx: ExchangeContext, kase: Case) {
  const p = await ctx.persons.load(kase.person);
  if (!p) throw new Error(`case ${kase.id} names unknown person ${kase.person}`);
  return p;
}

const ApplicantRef = builder.objectRef<Case>('Applicant').implement({
  description: 'The resident behind a case. Every field is personal data, released under the consent rule.',
  fields: (t) => ({
    name: t.field({
      type: LocalizedTextRef,
      nullable: true,
      description: 'Category identity.',
      resolve: (c, _a, ctx, info) => disclose(info, ctx, c, 'identity', async () => (await person(ctx, c)).name),
    }),
    idNumber: t.string({
      nullable: true,
      description: 'Category identity.',
      resolve: (c, _a, ctx, info) => disclose(info, ctx, c, 'identity', async () => (await person(ctx, c)).idNumber),
    }),
    phone: t.string({
      nullable: true,
      description: 'Category contact.',
      resolve: (c, _a, ctx, info) => disclose(info, ctx, c, 'contact', async () => (await person(ctx, c)).phone),
    }),
    email: t.string({
      nullable: true,
      description: 'Category contact.',
      resolve: (c, _a, ctx, info) => disclose(info, ctx, c, 'contact', async () => (await person(ctx, c)).email),
    }),
    address: t.string({
      nullable: true,
      description: 'Category address; null when none is on file.',
      resolve: (c, _a, ctx, info) => disclose(info, ctx, c, 'address', () => null),
    }),
  }),
});

interface DocumentShape {
  readonly kase: Case;
  readonly category: DataCategory;
}

const DocumentRef = builder.objectRef<DocumentShape>('CaseDocument').implement({
  description: 'A document of the case held by its controller; its reference is personal data of its own category.',
  fields: (t) => ({
    category: t.field({ type: DataCategoryEnum, resolve: (d) => d.category }),
    reference: t.string({
      nullable: true,
      resolve: (d, _a, ctx, info) => disclose(info, ctx, d.kase, d.category, () => `doc:${d.kase.id}:${d.category}`),
    }),
  }),
});

const BY_FIELD: readonly DataCategory[] = ['identity', 'contact', 'address'];

export const CaseRef = builder.objectRef<Case>('Case').implement({
  description:
    'A cross-boundary case. Non-personal fields for officials of its two sides; personal data under consent.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: CaseStatus, resolve: (c) => c.status }),
    service: t.field({ type: ServiceRef, resolve: (c) => ({ id: c.service }) }),
    handlingJurisdiction: t.field({ type: JurisdictionRef, resolve: (c) => ({ id: c.handlingJurisdiction }) }),
    originJurisdiction: t.field({
      type: JurisdictionRef,
      description: 'Where the resident’s data came from; its officials see the personal data.',
      resolve: (c) => ({ id: c.originJurisdiction }),
    }),
    practiceApplied: t.field({
      type: PracticeRef,
      nullable: true,
      resolve: (c) => (c.practiceApplied ? { id: c.practiceApplied } : null),
    }),
    personalDataCategories: t.field({ type: [DataCategoryEnum], resolve: (c) => c.personalDataCategories }),
    submittedAt: t.exposeString('submittedAt'),
    updatedAt: t.exposeString('updatedAt'),
    synthetic: t.exposeBoolean('synthetic'),
    applicant: t.field({ type: ApplicantRef, resolve: (c) => c }),
    documents: t.field({
      type: [DocumentRef],
      resolve: (c) =>
        c.personalDataCategories.filter((cat) => !BY_FIELD.includes(cat)).map((category) => ({ kase: c, category })),
    }),
  }),
});

builder.asEntity(CaseRef, {
  key: builder.selection<{ id: string }>('id'),
  // A case another subgraph refers to (a consent's, a request's) is refused as `case(id)` refuses it.
  resolveReference: async ({ id }, ctx) => {
    const kase = await ctx.cases.load(id);
    if (!kase || !ctx.principal) return null;
    return entity(await visibleCase(ctx, kase));
  },
});

const NEITHER_SIDE = 'not an official of either side of the case, nor its subject';

/**
 * The one answer to a case the caller may not see and to an id no case has: were they told apart,
 * anyone signed in could learn which case ids exist by asking for each.
 */
const notVisible = (id: string) =>
  new UserFacingError('FORBIDDEN', `No case visible to this caller has the id "${id}".`, { id });

/** The case, or FORBIDDEN for a caller of neither side; the refusal is audited before it is answered. */
async function visibleCase(ctx: ExchangeContext, kase: Case): Promise<Case> {
  if (ctx.principal && caseAccess(ctx.principal, kase) !== 'forbidden') return kase;
  await ctx.auditRefusal(kase, NEITHER_SIDE);
  throw notVisible(kase.id);
}

builder.queryField('case', (t) =>
  t.field({
    description:
      'One case, for officials of its handling and origin jurisdictions and the resident it is about; FORBIDDEN for anyone else, and for an id no case has (the same answer, so ids cannot be probed).',
    type: CaseRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    // Any signed-in caller may ask; who sees the case is the consent rule's, once it is loaded (visibleCase).
    authScopes: { signedIn: true },
    unauthorizedError: refusedWith({ anonymous: 'Cases need a signed-in caller.' }),
    resolve: async (_root, { id }, ctx) => {
      checkId(id);
      const kase = await ctx.cases.load(id);
      if (!kase) throw notVisible(id);
      return visibleCase(ctx, kase);
    },
  }),
);
