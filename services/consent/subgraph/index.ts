/** The consent subgraph's schema: consents, receipts, and the audit log as residents and auditors see it. */
import type { GraphQLSchema } from 'graphql';
import { FEDERATION_LINK } from '../../../schema/builder.js';
import { builder } from './builder.js';
import './consent-type.js';
import './consent-fields.js';
import './audit-fields.js';
import './me.js';
import './request-fields.js';
import './audit-chain.js';

builder.queryType({});
builder.mutationType({});

let schema: GraphQLSchema | undefined;

export function consentSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@key', '@shareable', '@external', '@extends'],
  });
  return schema;
}
