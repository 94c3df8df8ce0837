/** Relay-style pages over the store's id-ordered finds: opaque cursors, `first` bounded. */
import { badUserInput } from '../../schema/errors.js';

const PREFIX = 'v1:';

export function encodeCursor(id: string): string {
  return Buffer.from(`${PREFIX}${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string {
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length) {
    throw badUserInput(field, 'is not a cursor this API returned');
  }
  return text.slice(PREFIX.length);
}

export interface Connection<T extends { id: string }> {
  readonly edges: { node: T; cursor: string }[];
  readonly pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  readonly totalCount: number;
}

export function toConnection<T extends { id: string }>(
  { records, totalCount, hasNextPage }: { records: T[]; totalCount: number; hasNextPage: boolean },
  after: string | undefined,
): Connection<T> {
  const edges = records.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
