/** The exchange subgraph's schema: cases (and, with later issues, announcements and transfers). */
import type { GraphQLSchema } from 'graphql';
import { FEDERATION_LINK } from '../../../schema/builder.js';
import { builder } from './builder.js';
import './case.js';

builder.queryType({});

let schema: GraphQLSchema | undefined;

export function exchangeSchema(): GraphQLSchema {
  schema ??= builder.toSubGraphSchema({
    linkUrl: FEDERATION_LINK,
    federationDirectives: ['@key', '@shareable', '@external', '@extends'],
  });
  return schema;
}
