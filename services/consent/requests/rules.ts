/**
 * The rules of a consent request, as pure functions: what an agency may ask for, until when the
 * resident may answer, and the state a stored request is in at a given moment.
 */
import { z } from 'zod';
import { type InputProblem, inputProblems, inputRefused, parseInput } from '../../../schema/args.js';
import {
  type Case,
  type ConsentRequest,
  type ConsentRequestState,
  crossesBoundary,
  DataCategory,
  type JurisdictionId,
  Slug,
  Timestamp,
} from '../../../schema/domain/index.js';
import { INPUT_LIMITS } from '../../../schema/input-limits.js';

/** A consent asked for holds at most this long: agencies ask for what the case needs. */
export const MAX_CONSENT_DAYS = 731;
/** An unanswered request lapses after this many days (or when the consent asked for would end). */
export const ANSWER_WITHIN_DAYS = 14;
export const MAX_NOTE_LENGTH = INPUT_LIMITS.note;
const DAY = 86_400_000;

/** Categories every case's applicant carries; document categories only where the case holds them. */
export const APPLICANT_CATEGORIES: readonly DataCategory[] = ['identity', 'contact', 'address'];

export const RequestInput = z.object({
  case: z.string().min(1, 'is empty').max(INPUT_LIMITS.id, `is longer than ${INPUT_LIMITS.id} characters`),
  categories: z
    .array(DataCategory)
    .min(1, 'names no category')
    .refine((c) => new Set(c).size === c.length, 'names a category twice'),
  purpose: Slug,
  expiresAt: Timestamp,
  note: z
    .string()
    .max(MAX_NOTE_LENGTH, `is longer than ${MAX_NOTE_LENGTH} characters`)
    .nullish()
    .transform((n) => (n?.trim() ? n.trim() : null)),
});
export type RequestInput = z.infer<typeof RequestInput>;

/** The case a request names, when that field alone is well formed: the case is looked up (and the caller checked) first. */
export function requestedCase(raw: unknown): string | undefined {
  const parsed = RequestInput.shape.case.safeParse((raw as { case?: unknown } | null)?.case);
  return parsed.success ? parsed.data : undefined;
}

/** The input's problems of shape alone, for a request whose case field is itself malformed. */
export const parseRequestInput = (raw: unknown): RequestInput => parseInput(RequestInput, raw);

/**
 * A request checked whole against its case: every field's shape and, for each field whose shape is
 * right, what the case and its service allow (purpose, categories, expiry). Every problem is named
 * at once in one BAD_USER_INPUT, so a client does not fix one field only to hear of the next.
 */
export function checkRequest(
  raw: unknown,
  kase: Case,
  service: { readonly purposes: readonly string[]; readonly jurisdiction: JurisdictionId },
  now: Date,
): RequestInput & { expiresAt: string } {
  const { purposes } = service;
  const parsed = RequestInput.safeParse(raw);
  const problems: InputProblem[] = parsed.success ? [] : inputProblems(parsed.error);
  const fields = (raw ?? {}) as Record<string, unknown>;
  const valid = <K extends keyof typeof RequestInput.shape>(key: K) => {
    const one = RequestInput.shape[key].safeParse(fields[key]);
    const flagged = problems.some((p) => p.field === `input.${key}` || p.field.startsWith(`input.${key}.`));
    return one.success && !flagged ? (one.data as RequestInput[K]) : undefined;
  };
  const problem = (field: string, reason: string | undefined) => {
    if (reason) problems.push({ field: `input.${field}`, reason });
  };
  problem('case', sameSideProblem(kase, service.jurisdiction));
  problem('purpose', purposeProblem(valid('purpose'), kase, purposes));
  problem('categories', categoriesProblem(valid('categories'), kase));
  problem('expiresAt', expiryProblem(valid('expiresAt'), now));
  if (problems.length > 0 || !parsed.success) throw inputRefused(problems);
  return { ...parsed.data, expiresAt: new Date(parsed.data.expiresAt).toISOString() };
}

/**
 * The consent an approval makes would go from the case's origin (its controller, CONTROLLER_OF) to the
 * requester: on one side of the boundary nothing crosses, and the lifecycle refuses it
 * (RECIPIENT_SAME_SIDE, ../lifecycle.ts), so it is not asked for.
 */
function sameSideProblem(kase: Case, requester: JurisdictionId) {
  if (crossesBoundary(kase.originJurisdiction, requester)) return undefined;
  return `case ${kase.id} comes from ${kase.originJurisdiction}, on your side of the boundary (${requester}): its data crosses no boundary to you, and no consent is asked for it`;
}

function purposeProblem(purpose: string | undefined, kase: Case, purposes: readonly string[]) {
  if (purpose === undefined || purposes.includes(purpose)) return undefined;
  return `is not a purpose of the case's service ${kase.service} (${purposes.join(', ') || 'it names none'})`;
}

function categoriesProblem(categories: readonly DataCategory[] | undefined, kase: Case) {
  const held = new Set<DataCategory>([...APPLICANT_CATEGORIES, ...kase.personalDataCategories]);
  const missing = (categories ?? []).filter((c) => !held.has(c));
  return missing.length > 0 ? `the case holds no ${missing.join(', ')} data` : undefined;
}

function expiryProblem(expiresAt: string | undefined, now: Date) {
  if (expiresAt === undefined) return undefined;
  const expires = Date.parse(expiresAt);
  if (expires <= now.getTime()) return 'is not in the future';
  if (expires > now.getTime() + MAX_CONSENT_DAYS * DAY) return `is more than ${MAX_CONSENT_DAYS} days ahead`;
  return undefined;
}

/** When an unanswered request lapses: ANSWER_WITHIN_DAYS after it was made, or earlier with the consent's end. */
export function answerBy(createdAt: Date, expiresAt: string): string {
  return new Date(Math.min(createdAt.getTime() + ANSWER_WITHIN_DAYS * DAY, Date.parse(expiresAt))).toISOString();
}

/** A stored request's state at `now`: a pending one past its answer-by time has expired. */
export function stateAt(request: ConsentRequest, now: Date): ConsentRequestState {
  return request.state === 'pending' && Date.parse(request.answerBy) <= now.getTime() ? 'expired' : request.state;
}

/**
 * The controller named on a consent made from a request: the origin jurisdiction's data authority,
 * which holds the resident's data there (a case names no controlling agency of its own).
 */
export const CONTROLLER_OF: Readonly<Record<JurisdictionId, string>> = {
  HK: 'hk-dpo',
  SZ: 'sz-gov-data-bureau',
  GZ: 'gz-gov-data-bureau',
  GD: 'gd-gov-data-bureau',
  MO: 'mo-safp',
};
