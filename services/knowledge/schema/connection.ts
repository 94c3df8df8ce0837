import type { ObjectRef } from '@pothos/core';
import type { Connection } from '../pagination.js';
import { builder, type KnowledgeTypes } from './builder.js';

const PageInfo = builder.objectRef<Connection<{ id: string }>['pageInfo']>('PageInfo').implement({
  shareable: true,
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** `<Name>Connection { edges { node cursor } pageInfo totalCount }`, as DESIGN.md fixes for lists. */
export function connectionOf<T extends { id: string }>(name: string, node: ObjectRef<KnowledgeTypes, T>) {
  const Edge = builder.objectRef<{ node: T; cursor: string }>(`${name}Edge`).implement({
    fields: (t) => ({
      // Pothos cannot relate a generic T to the ref's shape; the ref was built for T, so the node fits.
      node: t.field({ type: node, resolve: (e) => e.node as never }),
      cursor: t.exposeString('cursor'),
    }),
  });
  return builder.objectRef<Connection<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt('totalCount', { description: 'Matches of the whole filter, all pages together.' }),
    }),
  });
}
