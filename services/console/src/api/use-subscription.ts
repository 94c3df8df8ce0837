import { useEffect, useRef } from 'react';
import { useTokenVersion } from '../auth/use-session';
import { subscribe } from './sse';

/**
 * Keeps a subscription open while the view is shown; reopens it with each new token (a refreshed
 * token must reach the gateway) and after a dropped connection.
 */
export function useSubscription<T>(
  query: string,
  variables: Record<string, unknown>,
  onNext: (data: T) => void,
  skip = false,
): void {
  const token = useTokenVersion();
  const handler = useRef(onNext);
  handler.current = onNext;
  const key = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for variables; token reopens on purpose.
  useEffect(() => {
    if (skip) return;
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      subscribe<T>(query, variables, (d) => handler.current(d), abort.signal)
        .catch(() => undefined)
        .finally(() => {
          if (!abort.signal.aborted) retry = setTimeout(open, 3000);
        });
    };
    open();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [query, key, token, skip]);
}
