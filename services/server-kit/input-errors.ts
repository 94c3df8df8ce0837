/**
 * Variable coercion errors made readable. graphql-js reports a bad variable as
 * `Variable "$f" got invalid value …; Field "x" is not defined by type "F".`, without a path and
 * without a code, its cause kept as `originalError`; the masking took that for a fault and answered
 * INTERNAL. Here it becomes BAD_USER_INPUT naming the field (`f.x`, `input.outcomes.0.date`) the way
 * `parseInput` names fields, refused before anything runs (HTTP 400 under the GraphQL-over-HTTP spec).
 */
import type { GraphQLError } from 'graphql';
import { UserFacingError } from '../../schema/errors.js';

const VARIABLE = /^Variable "\$([^"]+)" /;
// graphql-js's printPathArray: `at "input.outcomes[0].date"`, at the end of the message's first part.
const AT = / at "([^"]+)"$/;
// The field a "not defined" or "not provided" message is about is one level below the path.
const NAMED_FIELD = /^Field "([^"]+)" (?:is not defined by type|of required type)/;
const SUGGESTION = /\s*Did you mean .+\?$/;

export interface InputErrorOptions {
  /** Drops "Did you mean …?": in production it would map the schema for someone who may not introspect it. */
  readonly hideSuggestions: boolean;
}

interface BadField {
  readonly field: string;
  readonly reason: string;
}

/**
 * Variable coercion errors, if any, as one BAD_USER_INPUT naming every bad field (the first also as
 * `field` and `reason`), followed by the other errors as they were.
 */
export function withInputErrors(errors: readonly GraphQLError[], options: InputErrorOptions): readonly GraphQLError[] {
  const fields: BadField[] = [];
  let cause: Error | undefined;
  const others = errors.filter((error) => {
    const bad = badFieldOf(error, options);
    if (bad) {
      fields.push(bad);
      cause ??= error.originalError ?? undefined;
    }
    return !bad;
  });
  const [first] = fields;
  if (!first) return errors;
  const message = fields.map((f) => `${f.field}: ${f.reason}`).join('; ');
  const extensions = { ...first, fields, http: { status: 400, spec: true } };
  return [new UserFacingError('BAD_USER_INPUT', message, extensions, cause), ...others];
}

function badFieldOf(error: GraphQLError, { hideSuggestions }: InputErrorOptions): BadField | undefined {
  if (error.path !== undefined) return undefined;
  const variable = VARIABLE.exec(error.message)?.[1];
  if (variable === undefined) return undefined;
  const cause = error.originalError;
  const split = cause && error.message.endsWith(`; ${cause.message}`);
  const head = split ? error.message.slice(0, -(cause.message.length + 2)) : error.message;
  let reason = split ? cause.message : error.message.slice(`Variable "$${variable}" `.length);
  let field = (AT.exec(head)?.[1] ?? variable).replace(/\[(\d+)\]/g, '.$1');
  const named = NAMED_FIELD.exec(reason)?.[1];
  if (named) field = `${field}.${named}`;
  if (hideSuggestions) reason = reason.replace(SUGGESTION, '');
  return { field, reason };
}
