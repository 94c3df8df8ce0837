/**
 * Masks unexpected errors. Errors raised on purpose (GraphQL errors carrying one of DESIGN.md's
 * codes, and parse or validation errors) reach the caller as they are; anything else becomes
 * `INTERNAL` with the request id, and the log keeps the detail and its cause.
 */

import { handleStreamOrSingleExecutionResult } from '@envelop/core';
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isGraphQLError, isUserFacing } from '../../schema/errors.js';
import { withInputErrors } from './input-errors.js';

export interface ErrorMaskingOptions {
  readonly log: Logger;
  /** The request id of a context; passed explicitly, never read from ambient state. */
  readonly requestIdOf: (context: object) => string;
  /** Production: no "Did you mean …?" in bad-variable errors. @default false */
  readonly hideSuggestions?: boolean;
}

function isExpected(error: GraphQLError): boolean {
  if (isUserFacing(error)) return true;
  // Parse and validation errors have no original error; errors relayed from a subgraph were masked there.
  return error.originalError == null || (isGraphQLError(error.originalError) && isUserFacing(error.originalError));
}

export function maskErrors(
  errors: readonly GraphQLError[],
  { log, requestId, hideSuggestions = false }: { log: Logger; requestId: string; hideSuggestions?: boolean },
): GraphQLError[] {
  return withInputErrors(errors, { hideSuggestions }).map((error) => {
    if (isExpected(error)) return error;
    log.error({ err: error.originalError ?? error, path: error.path, requestId }, 'unexpected error in a resolver');
    return new GraphQLError(`Internal error; quote request id ${requestId} when you report it.`, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'INTERNAL', requestId },
    });
  });
}

export function useErrorMasking({ log, requestIdOf, hideSuggestions = false }: ErrorMaskingOptions): Plugin {
  // Runs in onExecuteDone, before Yoga's own masking (which has no request context to quote).
  const onDone =
    (context: object) =>
    ({ result, setResult }: { result: ExecutionResult; setResult: (result: ExecutionResult) => void }) => {
      if (result.errors?.length) {
        setResult({
          ...result,
          errors: maskErrors(result.errors, { log, requestId: requestIdOf(context), hideSuggestions }),
        });
      }
    };
  return {
    onExecute({ args }) {
      const masker = onDone(args.contextValue as object);
      return { onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, masker) };
    },
    onSubscribe({ args }) {
      const masker = onDone(args.contextValue as object);
      return { onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, masker) };
    },
  };
}

/** Last line of defence for errors thrown outside execution (e.g. in a context factory). */
export function maskUnexpected(log: Logger) {
  return (error: unknown): GraphQLError => {
    if (isGraphQLError(error) && isExpected(error)) return error;
    log.error({ err: error }, 'unexpected error outside execution');
    return new GraphQLError('Internal error.', { extensions: { code: 'INTERNAL' } });
  };
}
