/**
 * The errors of every answer, one by one, as Yoga is about to send it: a single result or each of a
 * batch (streams, whose errors come from resolvers, pass as they are). For the plugins that reshape
 * errors at the last moment (use-plain-errors.ts, use-bounded-echo.ts).
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type ResultProcess = NonNullable<Plugin['onResultProcess']>;

export function mapResultErrors(map: (error: unknown) => unknown): ResultProcess {
  const one = (result: ExecutionResult): ExecutionResult =>
    result.errors?.length ? { ...result, errors: result.errors.map(map) as ExecutionResult['errors'] } : result;
  return ({ result, setResult }) => {
    if (Array.isArray(result)) setResult(result.map(one));
    else if (!(Symbol.asyncIterator in result)) setResult(one(result as ExecutionResult));
  };
}
