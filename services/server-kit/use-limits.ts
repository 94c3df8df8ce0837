/**
 * Limits every operation before it runs, after the OWASP GraphQL Cheat Sheet (GraphQL Armor): tokens
 * (checked while parsing), depth, aliases, directives and cost (checked while validating). A refusal
 * is `QUERY_TOO_COMPLEX` naming the limit and the value found, and nothing executes.
 */

import type { Plugin } from '@envelop/core';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import { UserFacingError } from '../../schema/errors.js';

export interface Limits {
  /** Lexical tokens in the document. @default 2000 */
  readonly tokens: number;
  /** Nesting of selections (fragments count as they are spread). @default 10 */
  readonly depth: number;
  /** Aliased fields. @default 15 */
  readonly aliases: number;
  /** Directives in the document. @default 10 */
  readonly directives: number;
  /** GraphQL Armor's cost: objects 2, scalars 1, times 1.5 per level of depth. @default 5000 */
  readonly cost: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  tokens: 2000,
  depth: 10,
  aliases: 15,
  directives: 10,
  cost: 5000,
});

/**
 * A subgraph's limits: the gateway's, with room for what the gateway's planner adds to the operation
 * it was given. It merges the fetches of one request to one subgraph into one operation, aliasing
 * each root field (`_v0_item`), and adds `__typename` and key fields: a query the gateway let through
 * must not be refused behind it. A 300-alias query sent straight to a subgraph still is.
 */
export const SUBGRAPH_LIMITS: Limits = Object.freeze({
  ...DEFAULT_LIMITS,
  tokens: DEFAULT_LIMITS.tokens * 2,
  aliases: DEFAULT_LIMITS.aliases * 4,
});

// `http` tells Yoga the status of an error thrown while parsing (and is left out of the response).
const tooComplex = (limit: keyof Limits, error: GraphQLError | Error) =>
  new UserFacingError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''), {
    limit,
    http: { status: 400 },
  });

export function useLimits(limits: Partial<Limits> = {}): Plugin {
  const { tokens, depth, aliases, directives, cost } = { ...DEFAULT_LIMITS, ...limits };
  // Validation rules report the refusal on the validation context; the parser can only throw.
  const report =
    (limit: keyof Limits) =>
    (context: ValidationContext | null, error: GraphQLError | Error): void =>
      context?.reportError(tooComplex(limit, error));
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        maxTokensPlugin({
          n: tokens,
          propagateOnRejection: false,
          onReject: [
            (_context, error) => {
              throw tooComplex('tokens', error);
            },
          ],
        }),
      );
      addPlugin(maxDepthPlugin({ ...common, n: depth, onReject: [report('depth')] }));
      addPlugin(maxAliasesPlugin({ ...common, n: aliases, onReject: [report('aliases')] }));
      addPlugin(maxDirectivesPlugin({ ...common, n: directives, onReject: [report('directives')] }));
      addPlugin(costLimitPlugin({ ...common, maxCost: cost, onReject: [report('cost')] }));
    },
  };
}
