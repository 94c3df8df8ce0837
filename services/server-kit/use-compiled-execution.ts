/**
 * Compiled execution for the queries a subgraph answers again and again (graphql-jit): a document is
 * turned once into a JavaScript function that resolves its fields in a fixed order, without looking
 * up types, arguments and resolvers field by field. graphql-js's executor did that work at every
 * request, and it was most of what a subgraph spent on an official's nested list beyond the store.
 *
 * Only queries are compiled, and only once a document has been executed `after` times: compiling
 * costs more than one execution, so a document seen once (or a flood of distinct ones) is executed
 * as before and never compiled. A compiled query lives as long as Yoga keeps its parsed document.
 * Resolvers, authorization scopes and errors are the schema's own either way: graphql-jit calls the
 * same resolvers. A document graphql-jit cannot compile keeps graphql-js's executor (a plugin of our
 * own for that reason: @envelop/graphql-jit answers such a document with the compiler's errors).
 */

import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

export interface CompiledExecutionOptions {
  /** Executions of a query document before it is compiled. @default 3 */
  readonly after?: number;
  /** Told when a query is compiled (its operation's name, if any). */
  readonly onCompiled?: (operationName: string | undefined) => void;
  /** Told when a document cannot be compiled (it keeps the standard executor). */
  readonly onCompileError?: (errors: readonly unknown[]) => void;
}

/** Per operation of a document: executions so far, then the compiled query, or null if it cannot be. */
type State = number | CompiledQuery | null;

export function useCompiledExecution({ after = 3, onCompiled, onCompileError }: CompiledExecutionOptions = {}): Plugin {
  const states = new WeakMap<DocumentNode, Map<string, State>>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      let byOperation = states.get(args.document);
      if (!byOperation) {
        byOperation = new Map();
        states.set(args.document, byOperation);
      }
      const name = args.operationName ?? '';
      let state: State = byOperation.get(name) ?? 0;
      if (typeof state === 'number') {
        if (state < after) {
          byOperation.set(name, state + 1);
          return;
        }
        const operation = getOperationAST(args.document, args.operationName);
        const compiled =
          operation?.operation === 'query'
            ? compileQuery(args.schema, args.document, args.operationName ?? undefined)
            : null;
        if (compiled === null || isCompiledQuery(compiled)) {
          state = compiled;
          if (compiled) onCompiled?.(operation?.name?.value);
        } else {
          state = null;
          onCompileError?.(compiled.errors ?? []);
        }
        byOperation.set(name, state);
      }
      if (state === null) return;
      const query = state;
      setExecuteFn((execution) => {
        // No data: the variables were refused before anything ran. graphql-js refuses them again, in
        // its own words (they name the field and the reason, and become BAD_USER_INPUT).
        const orStandard = (result: ExecutionResult) => (result.data === undefined ? executeFn(execution) : result);
        const result = query.query(execution.rootValue, execution.contextValue, execution.variableValues);
        return result instanceof Promise ? result.then(orStandard) : orStandard(result);
      });
    },
  };
}
