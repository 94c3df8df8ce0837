/** myDataAccesses for residents, auditTrail for auditors: the audit log, each seeing only what is theirs to see. */
import { z } from 'zod';
import { checkId, pageSize } from '../../../schema/args.js';
import { personOf } from '../../../schema/auth-scopes.js';
import { badUserInput } from '../../../schema/errors.js';
import type { AuditRecord } from '../audit/audit-log.port.js';
import { builder } from './builder.js';
import { DataCategoryEnum } from './consent-type.js';
import type { ConsentContext } from './context.js';

const Decision = builder.enumType('AccessDecision', {
  values: { ALLOW: { value: 'allow' }, DENY: { value: 'deny' } } as const,
});

const AuditRecordRef = builder.objectRef<AuditRecord>('AuditRecord').implement({
  description: 'One consent decision as the audit log holds it, with its place in the hash chain.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.exposeString('at'),
    who: t.string({
      description: 'Username, or the client id of a partner system.',
      resolve: (r) => r.actor.username ?? r.actor.clientId,
    }),
    agency: t.string({ nullable: true, resolve: (r) => r.actor.agency ?? null }),
    jurisdiction: t.string({ nullable: true, resolve: (r) => r.actor.jurisdiction ?? null }),
    subject: t.exposeString('subject', {
      description:
        'The person whose data was asked for; for an announcement’s publication, correction or withdrawal, its id.',
    }),
    categories: t.field({ type: [DataCategoryEnum], resolve: (r) => [...r.categories] }),
    resource: t.exposeString('resource'),
    purpose: t.exposeString('purpose', { nullable: true }),
    consentId: t.exposeString('consentId', { nullable: true }),
    consentVersion: t.exposeInt('consentVersion', { nullable: true }),
    decision: t.field({
      type: Decision,
      description: 'ALLOW, or DENY for a refused attempt (no consent covered it, or the whole case was refused).',
      resolve: (r) => r.decision,
    }),
    reason: t.exposeString('reason'),
    requestId: t.exposeString('requestId'),
    hash: t.exposeString('hash'),
    prevHash: t.exposeString('prevHash'),
  }),
});

const Edge = builder.objectRef<{ node: AuditRecord; cursor: string }>('AuditRecordEdge').implement({
  fields: (t) => ({
    node: t.field({ type: AuditRecordRef, resolve: (e) => e.node }),
    cursor: t.exposeString('cursor'),
  }),
});

interface Page {
  edges: { node: AuditRecord; cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export const PageInfo = builder.objectRef<Page['pageInfo']>('PageInfo').implement({
  shareable: true,
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const AuditConnection = builder.objectRef<Page>('AuditRecordConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [Edge], resolve: (p) => p.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (p) => p.pageInfo }),
    totalCount: t.exposeInt('totalCount'),
  }),
});

/** `since` or `until`: a date or an RFC 3339 date-time, as the UTC form the log stores `at` in. */
const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
function instant(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  if (!Instant.safeParse(value).success)
    throw badUserInput(field, 'must be a date (2026-05-01) or an RFC 3339 date-time');
  return new Date(value).toISOString();
}

interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly since?: string | null;
  readonly until?: string | null;
  /** Auditors' narrowing: one agency's callers, one outcome. */
  readonly agency?: string | null;
  readonly outcome?: 'allow' | 'deny' | null;
}

/** Newest first: a resident asking who looked at their data lately finds it on the first page. */
async function page(ctx: ConsentContext, subject: string, args: PageArgs): Promise<Page> {
  const size = pageSize(args.first);
  const before = args.after == null ? undefined : Number(args.after);
  if (before !== undefined && (!Number.isInteger(before) || before < 1))
    throw badUserInput('after', 'is not a cursor this API returned');
  const range = {
    since: instant(args.since, 'since'),
    until: instant(args.until, 'until'),
    ...(args.agency != null ? { agency: checkId(args.agency, 'agency') } : {}),
    ...(args.outcome ? { decision: args.outcome } : {}),
  };
  if (range.since && range.until && range.since >= range.until) throw badUserInput('until', 'must be later than since');
  const records = await ctx.audit.bySubject(subject, { first: size + 1, before, ...range });
  const edges = records.slice(0, size).map((node) => ({ node, cursor: String(node.seq) }));
  return {
    edges,
    totalCount: await ctx.audit.countBySubject(subject, range),
    pageInfo: {
      hasNextPage: records.length > size,
      hasPreviousPage: before !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const WINDOW = {
  since: 'Only decisions at or after this date or date-time (RFC 3339).',
  until: 'Only decisions before this date or date-time (RFC 3339).',
};

builder.queryField('myDataAccesses', (t) =>
  t.field({
    description:
      'Every decision on the signed-in resident’s data, newest first: who asked, from which agency, when, why, allowed or not (refused attempts too, whole cases refused included: DENY).',
    type: AuditConnection,
    nullable: true,
    args: {
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
      since: t.arg.string({ required: false, description: WINDOW.since }),
      until: t.arg.string({ required: false, description: WINDOW.until }),
      outcome: t.arg({ type: Decision, required: false, description: 'Only allowed, or only refused, accesses.' }),
    },
    authScopes: { resident: true },
    resolve: (_root, args, ctx) => page(ctx, personOf(ctx.principal), args),
  }),
);

builder.queryField('auditTrail', (t) =>
  t.field({
    description:
      'Auditors only: every decision on one person’s data (or on one announcement: published, corrected, withdrawn, refused), newest first, with the hash chain fields.',
    type: AuditConnection,
    nullable: true,
    args: {
      subject: t.arg.id({ required: true }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
      since: t.arg.string({ required: false, description: WINDOW.since }),
      until: t.arg.string({ required: false, description: WINDOW.until }),
      agency: t.arg.id({ required: false, description: 'Only decisions on requests by this agency’s callers.' }),
      outcome: t.arg({ type: Decision, required: false, description: 'Only allowed, or only denied, decisions.' }),
    },
    authScopes: { auditor: true },
    resolve: (_root, { subject, ...args }, ctx) => page(ctx, checkId(subject, 'subject'), args),
  }),
);
