import { useCallback, useEffect, useState } from 'react';
import { useTokenVersion } from '../auth/use-session';
import { gql } from './graphql';

export interface QueryState<T> {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs a query when its variables (or the signed-in person) change; `skip` holds it back. */
export function useQuery<T>(query: string, variables: Record<string, unknown>, skip = false): QueryState<T> {
  const key = JSON.stringify(variables);
  const token = useTokenVersion();
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: !skip,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for variables; token and round re-run on purpose.
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, variables).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [query, key, skip, round, token.length > 0]);
  return { ...state, reload };
}
