/**
 * The audit chain for auditors: its state (length and head hash, read without walking it) and the
 * verification `gba audit verify` runs, on the server, with the same result.
 */
import type { VerifyResult } from '../audit/audit-log.port.js';
import { builder } from './builder.js';

const ChainState = builder.objectRef<{ length: number; hash: string }>('AuditChainState').implement({
  description: 'The audit log’s hash chain as it stands.',
  fields: (t) => ({
    length: t.exposeInt('length', { description: 'Records in the chain (the last sequence number).' }),
    headHash: t.exposeString('hash', { description: 'Hash of the last record; 64 zeros when the log is empty.' }),
  }),
});

const Verification = builder.objectRef<VerifyResult & { checkedAt: string }>('AuditChainVerification').implement({
  description: 'The result of recomputing the whole chain, as `gba audit verify` reports it.',
  fields: (t) => ({
    intact: t.boolean({ resolve: (v) => v.ok }),
    records: t.int({
      description: 'Records checked: all of them when intact, up to and including the first bad one otherwise.',
      resolve: (v) => v.records,
    }),
    headHash: t.string({ nullable: true, resolve: (v) => (v.ok ? v.head : null) }),
    firstBad: t.int({
      nullable: true,
      description: 'Sequence number of the first bad record.',
      resolve: (v) => (v.ok ? null : v.firstBad),
    }),
    problem: t.string({ nullable: true, resolve: (v) => (v.ok ? null : v.problem) }),
    checkedAt: t.exposeString('checkedAt'),
  }),
});

builder.queryField('auditChain', (t) =>
  t.field({
    description: 'Auditors only: the chain’s length and head hash (publish the head to anchor it).',
    type: ChainState,
    nullable: true,
    authScopes: { auditor: true },
    resolve: (_root, _args, ctx) => ctx.audit.head(),
  }),
);

builder.queryField('verifyAuditChain', (t) =>
  t.field({
    description:
      'Auditors only: recomputes the whole chain on the server, as `gba audit verify` does, and names the first bad record.',
    type: Verification,
    nullable: true,
    authScopes: { auditor: true },
    resolve: async (_root, _args, ctx) => ({ ...(await ctx.audit.verify()), checkedAt: ctx.now().toISOString() }),
  }),
);
