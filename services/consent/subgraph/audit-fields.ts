/** myDataAccesses for residents, auditTrail for auditors: the audit log, each seeing only what is theirs to see. */
import { checkId, pageSize } from '../../../schema/args.js';
import { badUserInput } from '../../../schema/errors.js';
import type { AuditRecord } from '../audit/audit-log.port.js';
import { builder } from './builder.js';
import { DataCategoryEnum } from './consent-type.js';
import type { ConsentContext } from './context.js';
import { requireResident, requireRole } from './guards.js';

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
    subject: t.exposeString('subject', { description: 'The person whose data was asked for.' }),
    categories: t.field({ type: [DataCategoryEnum], resolve: (r) => [...r.categories] }),
    resource: t.exposeString('resource'),
    purpose: t.exposeString('purpose', { nullable: true }),
    consentId: t.exposeString('consentId', { nullable: true }),
    consentVersion: t.exposeInt('consentVersion', { nullable: true }),
    decision: t.field({ type: Decision, resolve: (r) => r.decision }),
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

async function page(
  ctx: ConsentContext,
  subject: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page> {
  const size = pageSize(first);
  const from = after == null ? 0 : Number(after);
  if (!Number.isInteger(from) || from < 0) throw badUserInput('after', 'is not a cursor this API returned');
  const records = await ctx.audit.bySubject(subject, { first: size + 1, after: from });
  const edges = records.slice(0, size).map((node) => ({ node, cursor: String(node.seq) }));
  return {
    edges,
    totalCount: await ctx.audit.countBySubject(subject),
    pageInfo: {
      hasNextPage: records.length > size,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

builder.queryField('myDataAccesses', (t) =>
  t.field({
    description:
      'Every decision on the signed-in resident’s data: who asked, from which agency, when, why, allowed or not.',
    type: AuditConnection,
    nullable: true,
    args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: (_root, { first, after }, ctx) => page(ctx, requireResident(ctx), first, after),
  }),
);

builder.queryField('auditTrail', (t) =>
  t.field({
    description: 'Auditors only: every decision on one person’s data, with the hash chain fields.',
    type: AuditConnection,
    nullable: true,
    args: {
      subject: t.arg.id({ required: true }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, { subject, first, after }, ctx) => {
      requireRole(ctx, 'auditor');
      return page(ctx, checkId(subject, 'subject'), first, after);
    },
  }),
);
