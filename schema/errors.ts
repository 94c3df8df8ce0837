/**
 * User-facing GraphQL errors. Each carries `extensions.code` from the fixed list in DESIGN.md; any
 * other error is unexpected and is masked as INTERNAL by the servers (the log keeps the detail).
 */
import {
  type ASTNode,
  GraphQLError,
  type GraphQLResolveInfo,
  getLocation,
  responsePathAsArray,
  type Source,
  type SourceLocation,
} from 'graphql';

/** Where in the response a resolver's error belongs: the resolver's own `info`. */
export type FieldLocation = Pick<GraphQLResolveInfo, 'fieldNodes' | 'path'>;

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONSENT_REQUIRED',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'QUERY_TOO_COMPLEX',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class UserFacingError extends GraphQLError {
  readonly code: Exclude<ErrorCode, 'INTERNAL'>;

  constructor(
    code: Exclude<ErrorCode, 'INTERNAL'>,
    message: string,
    extensions: Record<string, unknown> = {},
    cause?: unknown,
    at?: FieldLocation,
  ) {
    // An expected answer, not a fault: no stack frames. Capturing and formatting them (graphql-js reads
    // the stack when it locates the error) was most of the cost of a refused field. An error built
    // with its location (`at`) is taken as it is by graphql-js instead of being wrapped in a new one.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, {
        extensions: { ...extensions, code },
        originalError: cause instanceof Error ? cause : undefined,
        ...(at ? { nodes: at.fieldNodes, path: responsePathAsArray(at.path) } : {}),
      });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.code = code;
    this.name = 'UserFacingError';
  }
}

/**
 * The same error as `new UserFacingError(code, message, extensions, null, at)`, built for a field
 * refused many times per request (CONSENT_REQUIRED on each personal field a viewer may not see).
 * graphql-js's constructor costs about 6 µs even without stack frames (it normalises its options,
 * redefines six properties and installs a stack accessor); this one makes the Error itself and sets
 * the same properties, enumerable as the constructor leaves them, in about half of that.
 * test/schema/errors.test.ts holds the two alike: JSON, keys, prototype, code, nodes and path.
 */
export function fieldRefusal(
  code: Exclude<ErrorCode, 'INTERNAL'>,
  message: string,
  extensions: Record<string, unknown>,
  at: FieldLocation,
): UserFacingError {
  // Made from the prototype, not by Error: an expected answer needs no stack, and V8's Error, even
  // without frames, cost more than the rest of this function. Its prototype chain, own properties
  // and JSON are the constructor's; only `stack` is absent.
  const error = Object.create(UserFacingError.prototype) as UserFacingError;
  const { nodes, source, positions, locations } = whereIn(at.fieldNodes);
  // In the constructor's order, so the two are alike to anything that lists their keys; one
  // defineProperty at a time and plain assignments (defineProperties with a map costs twice as much).
  const fields = error as { -readonly [K in keyof UserFacingError]: UserFacingError[K] };
  fields.message = message;
  hide(error, 'name', 'UserFacingError');
  fields.path = responsePathAsArray(at.path);
  hide(error, 'originalError', undefined);
  hide(error, 'nodes', nodes);
  hide(error, 'source', source);
  hide(error, 'positions', positions);
  fields.locations = locations;
  // Object.assign, not a spread: the same keys in the same order, in a tenth of the time here.
  fields.extensions = Object.assign({}, extensions, { code });
  fields.code = code;
  return error;
}

/** Where in the document an error at these field nodes is, as GraphQLError's constructor finds it. */
interface Whereabouts {
  readonly nodes: readonly ASTNode[] | undefined;
  readonly source: Source | undefined;
  readonly positions: readonly number[] | undefined;
  readonly locations: readonly SourceLocation[] | undefined;
}

/**
 * The same field of the same parsed document is refused again at every request that asks it (the
 * servers keep parsed documents): its place in the document is worked out once per field node, kept
 * while the document is, and shared (frozen) by its errors. Nothing of the answer is kept.
 */
const whereaboutsOf = new WeakMap<ASTNode, Whereabouts>();

function whereIn(fieldNodes: readonly ASTNode[]): Whereabouts {
  const single = fieldNodes.length === 1 ? (fieldNodes[0] as ASTNode) : undefined;
  const known = single && whereaboutsOf.get(single);
  if (known) return known;
  const nodes = fieldNodes.length > 0 ? fieldNodes : undefined;
  const locs = nodes?.flatMap((n) => (n.loc ? [n.loc] : []));
  const first = locs?.[0];
  const found: Whereabouts = {
    nodes,
    source: first?.source,
    positions: first ? Object.freeze(locs.map((l) => l.start)) : undefined,
    locations: first ? Object.freeze(locs.map((l) => Object.freeze(getLocation(l.source, l.start)))) : undefined,
  };
  if (single) whereaboutsOf.set(single, { ...found, nodes: Object.freeze([single]) });
  return found;
}

/** An own property as GraphQLError's constructor leaves it: writable, not enumerable. */
function hide(error: Error, key: string, value: unknown): void {
  Object.defineProperty(error, key, { value, writable: true, enumerable: false, configurable: true });
}

export function notFound(kind: string, id: string): UserFacingError {
  return new UserFacingError('NOT_FOUND', `No ${kind} has the id "${id}".`, { kind, id });
}

export function badUserInput(field: string, reason: string): UserFacingError {
  return new UserFacingError('BAD_USER_INPUT', `${field}: ${reason}`, { field, reason });
}

/**
 * True for a GraphQLError from any copy of graphql-js: the gateway and a test runner may load the
 * CommonJS and the ESM build side by side, and `instanceof` fails across them.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return (
    error instanceof GraphQLError ||
    (error instanceof Error && 'extensions' in error && 'originalError' in error && 'path' in error)
  );
}

/** True for errors raised on purpose for the caller to read; everything else gets masked. */
export function isUserFacing(error: unknown): boolean {
  if (!isGraphQLError(error)) return false;
  const code = error.extensions?.code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && code !== 'INTERNAL';
}
