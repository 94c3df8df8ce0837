/**
 * Announcements: policy adjustments, procedure updates, outages and new services. `announcements`
 * lists them major first, then newest; `publishAnnouncement` lets an official publish for their own
 * agency, recorded as its publisher (and sends it to the other side); `announcementPublished` streams them
 * over SSE; every affected service shows its `latestChanges`. Corrections and withdrawals: announcement-changes.ts.
 */

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { enumValues, pageSize, parseInput } from '../../../schema/args.js';
import { authorOf, officialRefusal, officialsSee, refusedWith, scopesOf } from '../../../schema/auth-scopes.js';
import { authoredText } from '../../../schema/authored-text.js';
import { entity } from '../../../schema/builder.js';
import { type Announcement, IsoDate, JurisdictionId, newestFirst, Slug, Url } from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
import { INPUT_LIMITS } from '../../../schema/input-limits.js';
import { REFUSED_INPUT, type RefusedInput } from '../../../schema/refused-input.js';
import { eventOrError, whileAuthorised } from '../../../schema/subscriptions.js';
import { IDEMPOTENCY_KEY, repeatOf, requestMark } from '../../shared/idempotency.js';
import { keyOfOneMutation } from '../../shared/keyed-write.js';
import { audited, auditRefusal, refusedAndAudited, repeated } from '../announcement-audit.js';
import type { ExchangeContext } from '../context.js';
import { builder } from './builder.js';
import { JurisdictionRef, LocalizedTextRef, ServiceRef } from './refs.js';

const KINDS = ['policy-adjustment', 'procedure-update', 'service-outage', 'new-service'] as const;
const IMPORTANCE = ['major', 'normal'] as const;
export const AnnouncementKind = builder.enumType('AnnouncementKind', { values: enumValues(KINDS) });
export const Importance = builder.enumType('Importance', { values: enumValues(IMPORTANCE) });
const JurisdictionEnum = builder.enumType('AnnouncementJurisdiction', {
  values: Object.fromEntries(JurisdictionId.options.map((j) => [j, { value: j }])) as Record<string, { value: string }>,
});

export const AnnouncementRef = builder.objectRef<Announcement>('Announcement').implement({
  description: 'A notice of a policy adjustment, procedure update, outage or new service.',
  fields: (t) => ({
    id: t.exposeID('id'),
    agency: t.exposeID('agency'),
    jurisdiction: t.field({ type: JurisdictionRef, resolve: (a) => ({ id: a.jurisdiction }) }),
    title: t.field({ type: LocalizedTextRef, resolve: (a) => a.title }),
    body: t.field({ type: LocalizedTextRef, resolve: (a) => a.body }),
    kind: t.field({ type: AnnouncementKind, resolve: (a) => a.kind }),
    importance: t.field({ type: Importance, resolve: (a) => a.importance }),
    effectiveFrom: t.exposeString('effectiveFrom'),
    publishedAt: t.exposeString('publishedAt'),
    relatedServices: t.field({ type: [ServiceRef], resolve: (a) => a.relatedServices.map((id) => ({ id })) }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true }),
    synthetic: t.exposeBoolean('synthetic'),
    publishedBy: t.string({
      nullable: true,
      description:
        'The official who published it through the API (username); officials only, null for anyone else and for records that came from a partner or the data set.',
      ...officialsSee,
      resolve: (a) => a.publishedBy ?? null,
    }),
  }),
});
builder.asEntity(AnnouncementRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => entity((await ctx.store.getByIds('Announcement', [id]))[0]),
});

/** Major before normal, then newest first. */
const byImportanceThenDate = (a: Announcement, b: Announcement) =>
  (a.importance === b.importance ? 0 : a.importance === 'major' ? -1 : 1) || newestFirst(a.publishedAt, b.publishedAt);

const AnnouncementFilterInput = builder.inputType('AnnouncementFilter', {
  fields: (t) => ({
    jurisdiction: t.field({ type: JurisdictionEnum, required: false }),
    importance: t.field({ type: Importance, required: false }),
    kind: t.field({ type: AnnouncementKind, required: false }),
    service: t.id({ required: false, description: 'Only announcements that concern this service.' }),
    includeWithdrawn: t.boolean({
      required: false,
      description: 'Officials only: list withdrawn announcements too (left out by default, and for anyone else).',
    }),
  }),
});

builder.queryField('announcements', (t) =>
  t.field({
    description: 'Announcements, major first, then newest; anyone may read them.',
    type: [AnnouncementRef],
    args: { filter: t.arg({ type: AnnouncementFilterInput, required: false }), first: t.arg.int({ required: false }) },
    resolve: async (_root, { filter, first }, ctx) => {
      const n = pageSize(first);
      const where = [
        ...(filter?.jurisdiction
          ? [{ field: 'jurisdiction' as const, op: 'in' as const, values: [filter.jurisdiction] }]
          : []),
        ...(filter?.importance
          ? [{ field: 'importance' as const, op: 'in' as const, values: [filter.importance] }]
          : []),
        ...(filter?.kind ? [{ field: 'kind' as const, op: 'in' as const, values: [filter.kind] }] : []),
        ...(filter?.service
          ? [{ field: 'relatedServices' as const, op: 'containsAny' as const, values: [filter.service] }]
          : []),
      ];
      const found = await ctx.store.find('Announcement', { where, first: 10_000 });
      // A filter that narrows, not a refusal: the list stays public, so this reads the scope inline
      // (and only when asked for, so a plain public list never reads the caller).
      const withdrawnToo = filter?.includeWithdrawn === true && scopesOf(ctx.principal).official;
      return found.records
        .filter((a) => withdrawnToo || !a.withdrawnAt)
        .toSorted(byImportanceThenDate)
        .slice(0, n);
    },
  }),
);

builder.objectField(ServiceRef, 'latestChanges', (t) =>
  t.field({
    description: 'The three latest announcements that concern this service, newest first.',
    type: [AnnouncementRef],
    resolve: async ({ id }, _args, ctx) => {
      const found = await ctx.store.find('Announcement', {
        where: [{ field: 'relatedServices', op: 'containsAny', values: [id] }],
        first: 1000,
      });
      return found.records
        .filter((a) => !a.withdrawnAt)
        .toSorted((a, b) => newestFirst(a.publishedAt, b.publishedAt))
        .slice(0, 3);
    },
  }),
);

export const Text = authoredText(INPUT_LIMITS.body);
const PublishInput = z.object({
  agency: Slug,
  title: Text,
  body: Text,
  kind: z.enum(KINDS),
  importance: z.enum(IMPORTANCE),
  effectiveFrom: IsoDate,
  relatedServices: z.array(Slug).max(50, 'names more than 50 services'),
  sourceUrl: Url.nullish(),
  idempotencyKey: z.string().nullish(),
});

export const LocalizedTextInput = builder.inputType('LocalizedTextInput', {
  fields: (t) => ({
    en: t.string({ required: true }),
    zhHant: t.string({ required: false, description: 'Give zhHant, zhHans or both: a missing one is derived.' }),
    zhHans: t.string({ required: false, description: 'Give zhHant, zhHans or both: a missing one is derived.' }),
  }),
});

const PublishAnnouncementInput = builder.inputType('PublishAnnouncementInput', {
  fields: (t) => ({
    agency: t.id({ required: true, description: 'Your own agency: officials publish for their agency only.' }),
    title: t.field({ type: LocalizedTextInput, required: true }),
    body: t.field({ type: LocalizedTextInput, required: true }),
    kind: t.field({ type: AnnouncementKind, required: true }),
    importance: t.field({ type: Importance, required: true }),
    effectiveFrom: t.string({ required: true, description: 'YYYY-MM-DD' }),
    relatedServices: t.idList({ required: true }),
    sourceUrl: t.string({ required: false }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY }),
  }),
});

async function publish(ctx: ExchangeContext, raw: unknown): Promise<Announcement> {
  const principal = authorOf(ctx.principal);
  const { idempotencyKey, ...input } = parseInput(PublishInput, raw);
  const [agency] = await ctx.store.getByIds('Agency', [input.agency]);
  // The scope admitted officials of input.agency only, so this is an agency the token names that the data lacks.
  if (!agency) throw badUserInput('input.agency', `no agency has the id "${input.agency}"`);
  const mark = requestMark(input, idempotencyKey);
  // A repeat is answered once the caller may publish for the agency, never before.
  const published = await ctx.store.find('Announcement', {
    where: [{ field: 'agency', op: 'in', values: [input.agency] }],
    first: 10_000,
  });
  const earlier = repeatOf({
    mark,
    records: published.records,
    writtenAt: (a) => a.publishedAt,
    writtenBy: (a) => a.publishedBy,
    sender: principal.username,
    now: ctx.now(),
  });
  if (earlier) return repeated(earlier);
  const services = await ctx.store.getByIds('Service', input.relatedServices);
  const unknown = input.relatedServices.find((_, i) => !services[i]);
  if (unknown) throw badUserInput('input.relatedServices', `no service has the id "${unknown}"`);
  const announcement: Announcement = {
    id: `ann-${agency.jurisdiction.toLowerCase()}-${randomUUID()}`,
    agency: agency.id,
    jurisdiction: agency.jurisdiction,
    title: input.title,
    body: input.body,
    kind: input.kind,
    importance: input.importance,
    effectiveFrom: input.effectiveFrom,
    publishedAt: ctx.now().toISOString(),
    relatedServices: input.relatedServices,
    sourceUrl: input.sourceUrl ?? null,
    synthetic: false,
    request: mark,
    publishedBy: principal.username,
  };
  await ctx.announcements.publish(announcement);
  return announcement;
}

builder.mutationField('publishAnnouncement', (t) =>
  t.field({
    description:
      'An official publishes an announcement for their own agency (recorded as its publisher); the other side is told.',
    type: AnnouncementRef,
    nullable: true,
    args: { input: t.arg({ type: PublishAnnouncementInput, required: true }) },
    // An official speaks for their own agency only: an hk-td official cannot announce an outage for hk-dpo.
    authScopes: (_root, { input }) => ({ officialOf: input.agency }),
    unauthorizedError: refusedWith(
      officialRefusal(
        'Publishing',
        'publish announcements',
        (agency, yours) => `Only officials of ${agency} publish for it; you are of ${yours}.`,
      ),
    ),
    // The scope's refusal is recorded like one the resolver gives.
    unauthorizedResolver: (_root, { input }, ctx, _info, error) =>
      refusedAndAudited(ctx, { action: 'publish', target: String(input.agency) }, error),
    // So is a refusal of its input before the resolver (too long, a control or bidi character).
    extensions: {
      [REFUSED_INPUT]: ((args, ctx, error) =>
        auditRefusal(
          ctx as ExchangeContext,
          { action: 'publish', target: String((args.input as { agency?: unknown } | undefined)?.agency) },
          error,
        )) satisfies RefusedInput,
    },
    resolve: (_root, args, ctx) =>
      keyOfOneMutation(ctx, { mutation: 'publishAnnouncement', args }, () =>
        audited(ctx, { action: 'publish', target: String(args.input.agency) }, () => publish(ctx, args.input)),
      ),
  }),
);

builder.subscriptionField('announcementPublished', (t) =>
  t.field({
    description:
      'Announcements as they are published (SSE through the gateway), optionally of one jurisdiction or importance.',
    type: AnnouncementRef,
    args: {
      jurisdiction: t.arg({ type: JurisdictionEnum, required: false }),
      importance: t.arg({ type: Importance, required: false }),
    },
    subscribe: (_root, args, ctx) => whileAuthorised(ctx.announcements.subscribe(args), { principal: ctx.principal }),
    resolve: eventOrError,
  }),
);
