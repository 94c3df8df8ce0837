/**
 * A Relay connection read page by page: the first page with the query's variables, then "Load more"
 * asks for the page after the last cursor and appends it. New variables start again from the first
 * page, so a filter never mixes with rows of an earlier one.
 */
import { useCallback, useEffect, useState } from 'react';
import { gql } from './graphql';
import { useQuery } from './use-query';

export interface Connection<N> {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly edges: readonly { readonly node: N }[];
}

export interface Pages<N> {
  readonly rows: readonly N[];
  readonly totalCount: number | null;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly error: Error | null;
  loadMore(): void;
}

/** `query` takes `$after: String` and names the connection `field`. */
export function usePages<N>(query: string, field: string, variables: Record<string, unknown>, skip = false): Pages<N> {
  const first = useQuery<Record<string, Connection<N>>>(query, { ...variables, after: null }, skip);
  const [more, setMore] = useState<Connection<N>[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // A new first page (other variables, a reload) drops the pages loaded after the old one.
  useEffect(() => {
    if (first.data) setMore([]);
  }, [first.data]);
  const last = more.at(-1) ?? first.data?.[field];
  const loadMore = useCallback(() => {
    if (!last?.pageInfo.endCursor) return;
    setLoadingMore(true);
    gql<Record<string, Connection<N>>>(query, { ...variables, after: last.pageInfo.endCursor })
      .then((page) => setMore((m) => [...m, page[field] as Connection<N>]))
      .catch((e: Error) => setError(e))
      .finally(() => setLoadingMore(false));
  }, [last, query, field, variables]);
  const pages = first.data?.[field] ? [first.data[field], ...more] : [];
  return {
    rows: pages.flatMap((p) => p.edges.map((e) => e.node)),
    totalCount: first.data?.[field]?.totalCount ?? null,
    hasMore: last?.pageInfo.hasNextPage ?? false,
    loadingMore,
    error: first.error ?? error,
    loadMore,
  };
}
