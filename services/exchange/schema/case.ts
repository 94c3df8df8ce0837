import type { GraphQLResolveInfo } from 'graphql';
import { checkId, enumValues } from '../../../schema/args.js';
import { refusedWith } from '../../../schema/auth-scopes.js';
import { entity } from '../../../schema/builder.js';
import { CASE_STATUSES, type Case, DATA_CATEGORIES, type DataCategory } from '../../../schema/domain/index.js';
import { type FieldLocation, fieldRefusal, UserFacingError } from '../../../schema/errors.js';
import { caseAccess, type Decision } from '../../consent/decide.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';
import { JurisdictionRef, LocalizedTextRef, PracticeRef, ServiceRef } from './refs.js';
import { selectedFieldNames } from './selected-fields.js';

const CaseStatus = builder.enumType('CaseStatus', { values: enumValues(CASE_STATUSES) });
export const DataCategoryEnum = builder.enumType('DataCategory', {
  description: 'A category of personal data; each personal field is tagged with one.',
  values: enumValues(DATA_CATEGORIES),
});

/** The refusal of one personal field: null and CONSENT_REQUIRED at its path. */
function refusal(info: FieldLocation, kase: Case, category: DataCategory, decision: Decision): UserFacingError {
  return fieldRefusal(
    'CONSENT_REQUIRED',
    `No active consent lets this viewer see the applicant's ${category} data (${decision.reason}).`,
    { category, caseId: kase.id },
    info,
  );
}

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
  if (!decision.allowed) throw refusal(info, kase, category, decision);
  return value();
}

/**
 * Personal fields of one case whose decisions their parent field asked for together, before they
 * are resolved: each field then answers from its decision at once. A decision the parent did not
 * ask for (none should be missing) is asked for by the field itself, as `disclose` does.
 */
interface Decided {
  readonly kase: Case;
  /** The decision on each category asked, or why none could be made (the audit append failed). */
  readonly decisions: ReadonlyMap<DataCategory, Decision> | { readonly failed: unknown };
}

/**
 * The categories of the personal fields the query selects below this field: exactly the fields
 * graphql-js will resolve, so no category is decided or audited that is not served.
 */
function selectedCategories(
  info: GraphQLResolveInfo,
  categoriesOf: (field: string) => readonly DataCategory[] | undefined,
): DataCategory[] {
  const asked = new Set<DataCategory>();
  for (const field of selectedFieldNames(info)) for (const category of categoriesOf(field) ?? []) asked.add(category);
  return [...asked];
}

/**
 * Decides these categories of the case in one ask of the gate, before its personal fields resolve.
 * A failed decision is handed to the fields, each of which answers with it, as each did when it
 * asked alone.
 */
async function decideFirst(ctx: ExchangeContext, kase: Case, categories: readonly DataCategory[]): Promise<Decided> {
  if (!ctx.gate) return { kase, decisions: new Map() };
  try {
    const decisions = await ctx.gate.decideEach(kase, categories);
    return { kase, decisions: new Map(categories.map((c, i) => [c, decisions[i] as Decision])) };
  } catch (failed) {
    return { kase, decisions: { failed } };
  }
}

/**
 * The applicant's decisions; the person is read meanwhile, in the same batch of reads as the
 * subject's consents, when a field asked needs it. Nothing read is served before its decision.
 */
function decideApplicant(ctx: ExchangeContext, info: GraphQLResolveInfo, kase: Case): Promise<Decided> {
  const categories = selectedCategories(info, (field) => APPLICANT_CATEGORIES[field]);
  const decided = decideFirst(ctx, kase, categories);
  // Its failure is each field's to answer, when it reads the person again.
  if (ctx.gate && categories.some((c) => c !== 'address')) ctx.persons.load(kase.person).catch(() => undefined);
  return decided;
}

/** A personal field under a parent that decided: served, refused, or failed at once from its decision. */
function released<T>(
  info: FieldLocation,
  ctx: ExchangeContext,
  { kase, decisions }: Decided,
  category: DataCategory,
  value: () => Promise<T> | T,
): Promise<T> | T {
  if ('failed' in decisions) throw decisions.failed;
  const decision = decisions.get(category);
  if (!decision) return disclose(info, ctx, kase, category, value);
  if (!decision.allowed) throw refusal(info, kase, category, decision);
  return value();
}

async function person(ctx: ExchangeContext, kase: Case) {
  const p = await ctx.persons.load(kase.person);
  if (!p) throw new Error(`case ${kase.id} names unknown person ${kase.person}`);
  return p;
}

/** The categories of each personal field of an applicant (every field but `__typename`). */
const APPLICANT_CATEGORIES: Readonly<Record<string, readonly DataCategory[]>> = {
  name: ['identity'],
  idNumber: ['identity'],
  phone: ['contact'],
  email: ['contact'],
  address: ['address'],
};

const ApplicantRef = builder.objectRef<Decided>('Applicant').implement({
  description: 'The resident behind a case. Every field is personal data, released under the consent rule.',
  fields: (t) => ({
    name: t.field({
      type: LocalizedTextRef,
      nullable: true,
      description: 'Category identity.',
      resolve: (a, _a, ctx, info) => released(info, ctx, a, 'identity', async () => (await person(ctx, a.kase)).name),
    }),
    idNumber: t.string({
      nullable: true,
      description: 'Category identity.',
      resolve: (a, _a, ctx, info) =>
        released(info, ctx, a, 'identity', async () => (await person(ctx, a.kase)).idNumber),
    }),
    phone: t.string({
      nullable: true,
      description: 'Category contact.',
      resolve: (a, _a, ctx, info) => released(info, ctx, a, 'contact', async () => (await person(ctx, a.kase)).phone),
    }),
    email: t.string({
      nullable: true,
      description: 'Category contact.',
      resolve: (a, _a, ctx, info) => released(info, ctx, a, 'contact', async () => (await person(ctx, a.kase)).email),
    }),
    address: t.string({
      nullable: true,
      description: 'Category address; null when none is on file.',
      resolve: (a, _a, ctx, info) => released(info, ctx, a, 'address', () => null),
    }),
  }),
});

interface DocumentShape {
  readonly kase: Case;
  readonly category: DataCategory;
  readonly decided: Decided;
}

const DocumentRef = builder.objectRef<DocumentShape>('CaseDocument').implement({
  description: 'A document of the case held by its controller; its reference is personal data of its own category.',
  fields: (t) => ({
    category: t.field({ type: DataCategoryEnum, resolve: (d) => d.category }),
    reference: t.string({
      nullable: true,
      resolve: (d, _a, ctx, info) => released(info, ctx, d.decided, d.category, () => `doc:${d.kase.id}:${d.category}`),
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
    applicant: t.field({ type: ApplicantRef, resolve: (c, _a, ctx, info) => decideApplicant(ctx, info, c) }),
    documents: t.field({
      type: [DocumentRef],
      resolve: async (c, _a, ctx, info) => {
        const categories = c.personalDataCategories.filter((cat) => !BY_FIELD.includes(cat));
        // Each document's reference is of its own category: asking for references decides them all.
        const asked = selectedCategories(info, (field) => (field === 'reference' ? categories : undefined));
        const decided = await decideFirst(ctx, c, asked);
        return categories.map((category) => ({ kase: c, category, decided }));
      },
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
