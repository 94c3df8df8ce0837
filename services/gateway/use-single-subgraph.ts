/**
 * A query that one subgraph can answer whole goes to that subgraph as it is, in one fetch, and its
 * answer comes back as it is: the single-fetch query plan a federation router makes for such a query,
 * without Hive Gateway re-executing the answer field by field (most of the gateway's cost for a large
 * list). A query touching fields of two subgraphs, an introspection query, a mutation or a
 * subscription takes Hive Gateway's planner as before.
 *
 * "Answer whole" is decided once per document: it must validate against that subgraph's own schema
 * (its SDL, as composed), which holds exactly the fields that subgraph resolves itself. It runs at
 * execution, so the gateway's limits, authentication and validation against the supergraph have
 * already passed; the subgraph applies its own authorization, as it does for planned fetches.
 */
import {
  buildASTSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
  visit,
} from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { LocalAnswer } from '../server-kit/in-process.js';
import { type LocalSubgraphs, postLocal } from './local-subgraphs.js';
import { postJson, type TextResponse } from './post-json.js';

export interface SubgraphWithSdl {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
}

export interface SingleSubgraphOptions {
  readonly subgraphs: readonly SubgraphWithSdl[];
  /** Headers the subgraph gets for a client request (the same as for planned fetches). */
  readonly headersFor: (request: Request, subgraph: string) => Record<string, string>;
  /** Subgraphs of this process, called in memory (local-subgraphs.ts). */
  readonly local?: LocalSubgraphs;
  /**
   * Told the document text of each query sent whole to a subgraph, having passed every check of the
   * gateway before execution (the door for kept answers learns from it, kept-answer-door.ts).
   */
  readonly onSentWhole?: (subgraph: string, query: string) => void;
}

interface Target {
  readonly name: string;
  readonly url: URL;
  readonly send: (
    url: URL,
    headers: Record<string, string>,
    params: GraphQLParams,
    signal?: AbortSignal,
  ) => Promise<TextResponse | LocalAnswer>;
  /** The document as text, for requests that came without one (persisted operations). */
  readonly printed: string;
  readonly operation: OperationDefinitionNode;
  /** The subgraph's schema, built with this module's graphql-js (the gateway's may be the other build). */
  readonly schema: GraphQLSchema;
}

const usesIntrospection = (document: DocumentNode): boolean => {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
};

/** The parameters sent on, with no key left undefined (as a JSON body would carry them). */
const operationOf = (
  query: string,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
): GraphQLParams => ({
  query,
  ...(variables ? { variables } : {}),
  ...(operationName ? { operationName } : {}),
});

interface Params {
  readonly query?: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

export function useSingleSubgraph({ subgraphs, headersFor, local = {}, onSentWhole }: SingleSubgraphOptions): Plugin {
  const schemas: { name: string; url: string; schema: GraphQLSchema }[] = subgraphs.map((s) => ({
    name: s.name,
    url: s.url,
    // The SDL is the subgraph's own, already composed: federation directives need no definitions here.
    schema: buildASTSchema(parse(s.sdl), { assumeValidSDL: true }),
  }));
  // Documents are parsed once and cached by Yoga; their verdicts (one per operation named) with them.
  const verdicts = new WeakMap<DocumentNode, Map<string, Target | null>>();
  const targetOf = (document: DocumentNode, operationName: string | null | undefined): Target | null => {
    let byOperation = verdicts.get(document);
    if (!byOperation) {
      byOperation = new Map();
      verdicts.set(document, byOperation);
    }
    const cached = byOperation.get(operationName ?? '');
    if (cached !== undefined) return cached;
    const operation = getOperationAST(document, operationName);
    let target: Target | null = null;
    if (operation?.operation === 'query' && !usesIntrospection(document)) {
      const owner = schemas.find((s) => validate(s.schema, document).length === 0);
      if (owner) {
        const inMemory = local[owner.name];
        target = {
          name: owner.name,
          url: new URL(owner.url),
          send: inMemory
            ? (...args) => postLocal(inMemory, ...args)
            : (url, headers, params, signal) => postJson(url, headers, JSON.stringify(params), signal),
          printed: print(document),
          operation,
          schema: owner.schema,
        };
      }
    }
    byOperation.set(operationName ?? '', target);
    return target;
  };

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const target = targetOf(args.document, args.operationName);
      if (!target) return;
      const context = args.contextValue as { request?: Request; params?: Params };
      const request = context.request;
      if (!request) return;
      const params = context.params ?? {};
      // Variables the gateway's planner would refuse are refused alike: execution goes on to coerce them.
      const definitions = target.operation.variableDefinitions;
      if (definitions?.length && 'errors' in getVariableValues(target.schema, definitions, args.variableValues ?? {}))
        return;
      const query = params.query ?? target.printed;
      onSentWhole?.(target.name, query);
      return target
        .send(
          target.url,
          { ...headersFor(request, target.name), 'content-type': 'application/json', accept: 'application/json' },
          operationOf(query, params.variables ?? args.variableValues, args.operationName),
          request.signal,
        )
        .then((response) => {
          // A subgraph of this process hands back an answer of data alone as its result, written once here.
          if ('result' in response && response.result) {
            setResultAndStopExecution(response.result);
            return;
          }
          const { text } = response;
          // Data and nothing else (graphql-js puts errors first; no extensions anywhere): the subgraph's
          // text is the answer, sent on as it is, parsed only if a plugin reads the data.
          if (response.status === 200 && text.startsWith('{"data":') && !text.includes('"extensions"')) {
            let data: ExecutionResult['data'] | undefined;
            const result = {
              get data() {
                data ??= (JSON.parse(text) as ExecutionResult).data;
                return data;
              },
              stringify: () => text,
            };
            setResultAndStopExecution(result);
            return;
          }
          let body: ExecutionResult;
          try {
            body = JSON.parse(text);
          } catch {
            throw new Error(`subgraph ${target.name} answered HTTP ${response.status} without a GraphQL response`);
          }
          if (body.data === undefined && !body.errors) {
            throw new Error(`subgraph ${target.name} answered HTTP ${response.status} without data or errors`);
          }
          // The subgraph masked its own errors; they pass on as a planned fetch relays them, naming
          // the subgraph and without locations (a planned fetch's would be in the plan's text).
          const errors = body.errors?.map(({ locations: _, ...e }) => ({
            ...e,
            extensions: { ...e.extensions, serviceName: target.name },
          }));
          setResultAndStopExecution({
            data: body.data ?? null,
            ...(errors ? { errors: errors as unknown as ExecutionResult['errors'] } : {}),
          });
        });
    },
  };
}
