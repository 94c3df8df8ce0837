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
import type { HandedOverIdentity, LocalAnswer } from '../server-kit/in-process.js';
import { type LocalSubgraphs, postLocal } from './local-subgraphs.js';
import { postJson, type TextResponse } from './post-json.js';
import type { WholeQueries, WholeQuery } from './whole-queries.js';

export interface SubgraphWithSdl {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
}

export interface SingleSubgraphOptions {
  readonly subgraphs: readonly SubgraphWithSdl[];
  /** Headers the subgraph gets for a client request (the same as for planned fetches). */
  readonly headersFor: (request: Request, subgraph: string) => Record<string, string>;
  /** The ids the gateway answers a request under, handed over with it to a subgraph of this process. */
  readonly identityOf: (request: Request) => HandedOverIdentity;
  /** Subgraphs of this process, called in memory (local-subgraphs.ts). */
  readonly local?: LocalSubgraphs;
  /**
   * Told the document text of each query sent whole to a subgraph, having passed every check of the
   * gateway before execution (the door for kept answers learns from it, kept-answer-door.ts).
   */
  readonly onSentWhole?: (subgraph: string, query: string) => void;
  /**
   * Told each query text sent whole to a subgraph of this process, which the gateway's door for whole
   * queries then sends itself (whole-query-door.ts); and the answers of requests that door handed back.
   */
  readonly wholeQueries?: WholeQueries;
}

/**
 * Sends a client request's operation whole to the subgraph; `prepared` keeps, per document, what a
 * subgraph of this process made of it (in-process.ts).
 */
type Send = (request: Request, params: GraphQLParams, prepared: Prepared) => Promise<TextResponse | LocalAnswer>;

interface Prepared {
  document?: DocumentNode | undefined;
}

interface Target extends Prepared {
  readonly name: string;
  readonly send: Send;
  /** A subgraph of this process that takes a hand-over (in-process.ts). */
  readonly local: boolean;
  /** How the door for whole queries sends it, made at its first text sent whole. */
  whole?: WholeQuery;
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

/**
 * How a subgraph is sent a whole operation: one of this process gets it handed over with the caller's
 * request, whose token the gateway has verified (in-process.ts); one elsewhere gets a JSON POST with
 * the headers of a planned fetch.
 */
function senderTo({ name, url }: SubgraphWithSdl, { headersFor, identityOf, local = {} }: SingleSubgraphOptions): Send {
  const inMemory = local[name];
  if (inMemory?.execute) {
    const { execute, prepare } = inMemory;
    return (request, params, prepared) => {
      if (!('document' in prepared)) prepared.document = params.query ? prepare?.(params.query) : undefined;
      const { document } = prepared;
      return execute({ request, identity: identityOf(request), params, ...(document ? { document } : {}) });
    };
  }
  const target = new URL(url);
  const headers = (request: Request) => ({
    ...headersFor(request, name),
    'content-type': 'application/json',
    accept: 'application/json',
  });
  if (inMemory) return (request, params) => postLocal(inMemory, target, headers(request), params, request.signal);
  return (request, params) => postJson(target, headers(request), JSON.stringify(params), request.signal);
}

/** An answer of data alone as text: sent on as it is, parsed only if a plugin reads the data. */
function keptText(text: string): ExecutionResult {
  let data: ExecutionResult['data'] | undefined;
  return {
    get data() {
      data ??= (JSON.parse(text) as ExecutionResult).data;
      return data;
    },
    stringify: () => text,
  } as ExecutionResult;
}

/**
 * Any other answer, relayed as a planned fetch relays one: the subgraph masked its own errors; they
 * pass on naming the subgraph and without locations (a planned fetch's would be in the plan's text).
 */
function relayed(subgraph: string, { status, text }: TextResponse): ExecutionResult {
  let body: ExecutionResult;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`subgraph ${subgraph} answered HTTP ${status} without a GraphQL response`);
  }
  if (body.data === undefined && !body.errors) {
    throw new Error(`subgraph ${subgraph} answered HTTP ${status} without data or errors`);
  }
  const errors = body.errors?.map(({ locations: _, ...e }) => ({
    ...e,
    extensions: { ...e.extensions, serviceName: subgraph },
  }));
  return { data: body.data ?? null, ...(errors ? { errors: errors as unknown as ExecutionResult['errors'] } : {}) };
}

/** The gateway's result for a subgraph's answer. */
function resultOf(subgraph: string, answer: TextResponse | LocalAnswer): ExecutionResult {
  // A subgraph of this process hands back an answer of data alone as its result, written once here.
  if ('result' in answer && answer.result) return answer.result;
  const { status, text } = answer as TextResponse;
  // Data and nothing else (graphql-js puts errors first; no extensions anywhere): the subgraph's text.
  if (status === 200 && text.startsWith('{"data":') && !text.includes('"extensions"')) return keptText(text);
  return relayed(subgraph, answer as TextResponse);
}

/** Which subgraph, if any, answers a document's operation whole: decided once per document and operation. */
function wholeAnswers(subgraphs: readonly SubgraphWithSdl[], options: SingleSubgraphOptions) {
  const owners = subgraphs.map((s) => ({
    // The SDL is the subgraph's own, already composed: federation directives need no definitions here.
    schema: buildASTSchema(parse(s.sdl), { assumeValidSDL: true }),
    name: s.name,
    send: senderTo(s, options),
    local: options.local?.[s.name]?.execute !== undefined,
  }));
  // Documents are parsed once and cached by Yoga; their verdicts (one per operation named) with them.
  const verdicts = new WeakMap<DocumentNode, Map<string, Target | null>>();
  const decide = (document: DocumentNode, operationName: string | null | undefined): Target | null => {
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query' || usesIntrospection(document)) return null;
    const owner = owners.find((s) => validate(s.schema, document).length === 0);
    return owner ? { ...owner, printed: print(document), operation } : null;
  };
  return (document: DocumentNode, operationName: string | null | undefined): Target | null => {
    let byOperation = verdicts.get(document);
    if (!byOperation) {
      byOperation = new Map();
      verdicts.set(document, byOperation);
    }
    let target = byOperation.get(operationName ?? '');
    if (target === undefined) {
      target = decide(document, operationName);
      byOperation.set(operationName ?? '', target);
    }
    return target;
  };
}

/** Variables the gateway's planner would refuse are refused alike: execution goes on to coerce them. */
const variablesRefused = (target: Target, variables: Record<string, unknown> | undefined): boolean => {
  const definitions = target.operation.variableDefinitions;
  return !!definitions?.length && 'errors' in getVariableValues(target.schema, definitions, variables ?? {});
};

/** The target as the door for whole queries sends it: the same checks of the variables, the same parameters. */
const wholeQueryOf = (target: Target): WholeQuery => ({
  subgraph: target.name,
  name: target.operation.name?.value,
  send: (request, { query, variables, operationName }) =>
    variablesRefused(target, variables ?? undefined)
      ? undefined
      : (target.send(request, operationOf(query as string, variables, operationName), target) as Promise<LocalAnswer>),
});

export function useSingleSubgraph(options: SingleSubgraphOptions): Plugin {
  const targetOf = wholeAnswers(options.subgraphs, options);
  const { wholeQueries } = options;
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const target = targetOf(args.document, args.operationName);
      const { request, params = {} } = args.contextValue as { request?: Request; params?: Params };
      if (!target || !request || variablesRefused(target, args.variableValues)) return;
      const query = params.query ?? target.printed;
      options.onSentWhole?.(target.name, query);
      if (wholeQueries && target.local && params.query !== undefined)
        wholeQueries.learn(params.query, args.operationName, () => {
          target.whole ??= wholeQueryOf(target);
          return target.whole;
        });
      const sent = operationOf(query, params.variables ?? args.variableValues, args.operationName);
      // A request the door for whole queries handed back has its answer already: it is not sent twice.
      const answer = wholeQueries?.answerOf(request, target.name) ?? target.send(request, sent, target);
      return answer.then((answered) => setResultAndStopExecution(resultOf(target.name, answered)));
    },
  };
}
