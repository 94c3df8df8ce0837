/** The knowledge subgraph's schema: services, practices, agencies, search and compare. */
import type { GraphQLSchema } from 'graphql';
import { FEDERATION_LINK } from '../../../schema/builder.js';
import { builder } from './builder.js';
import './jurisdiction.js';
import './agency.js';
import './topic.js';
import './service.js';
import './practice.js';
import './search.js';
import './compare.js';
import './ask.js';
import './cooperation.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

let schema: GraphQLSchema | undefined;

export function knowledgeSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@key', '@shareable', '@external', '@extends'],
  });
  return schema;
}
