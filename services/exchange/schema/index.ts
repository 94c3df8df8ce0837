/** The exchange subgraph's schema: cases and announcements (transfers come with a later issue). */
import type { GraphQLSchema } from 'graphql';
import { FEDERATION_LINK } from '../../../schema/builder.js';
import { builder } from './builder.js';
import './case.js';
import './announcement.js';
import './announcement-changes.js';
import './my-cases.js';
import './operator.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

let schema: GraphQLSchema | undefined;

export function exchangeSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@key', '@shareable', '@external', '@extends'],
  });
  return schema;
}
