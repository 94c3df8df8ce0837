/** Argument checks and helpers every subgraph shares, so one id or page size means the same everywhere. */
import type { z } from 'zod';
import { badUserInput, UserFacingError } from './errors.js';
import { INPUT_LIMITS } from './input-limits.js';

export const MAX_ID_LENGTH = INPUT_LIMITS.id;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** An `id` argument, refused with BAD_USER_INPUT when it cannot be an id. */
export function checkId(id: string, field = 'id'): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw badUserInput(field, `must be 1 to ${MAX_ID_LENGTH} characters long`);
  }
  return id;
}

/** A `first` argument: the page size, DEFAULT_PAGE_SIZE when absent, refused outside 1 to MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badUserInput(field, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return n;
}

/** GraphQL enum values from the model's kebab-case strings: `driving-record` becomes `DRIVING_RECORD`. */
export function enumValues<T extends string>(values: readonly T[]): Record<string, { value: T }> {
  return Object.fromEntries(values.map((v) => [v.toUpperCase().replaceAll('-', '_'), { value: v }]));
}

/**
 * Input checked against its zod schema; every problem is named (`input.outcomes.0.date: …`), the
 * first also as `extensions.field` and `reason`, all of them in `extensions.fields`.
 */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown, root = 'input'): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw inputRefused(inputProblems(parsed.error, root), root);
}

export interface InputProblem {
  /** The path, from the argument: `input.outcomes.0.date`. */
  readonly field: string;
  readonly reason: string;
}

/** A zod error's issues as named problems. */
export const inputProblems = (error: z.ZodError, root = 'input'): InputProblem[] =>
  error.issues.map((issue) => ({ field: [root, ...issue.path.map(String)].join('.'), reason: issue.message }));

/** One BAD_USER_INPUT naming every problem: the first also as `extensions.field` and `reason`. */
export function inputRefused(fields: readonly InputProblem[], root = 'input'): UserFacingError {
  const [first] = fields;
  return new UserFacingError('BAD_USER_INPUT', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), {
    field: first?.field ?? root,
    reason: first?.reason ?? 'is not valid',
    fields,
  });
}
