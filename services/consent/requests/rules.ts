/**
 * The rules of a consent request, as pure functions: what an agency may ask for, until when the
 * resident may answer, and the state a stored request is in at a given moment.
 */
import { z } from 'zod';
import { parseInput } from '../../../schema/args.js';
import {
  type Case,
  type ConsentRequest,
  type ConsentRequestState,
  DataCategory,
  type JurisdictionId,
  Slug,
  Timestamp,
} from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
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

export const parseRequestInput = (raw: unknown): RequestInput => parseInput(RequestInput, raw);

/** The checks that need the case and its service; each refusal names the field. */
export function checkAgainstCase(
  input: RequestInput,
  kase: Case,
  purposes: readonly string[],
  now: Date,
): { expiresAt: string } {
  if (!purposes.includes(input.purpose))
    throw badUserInput(
      'input.purpose',
      `is not a purpose of the case's service ${kase.service} (${purposes.join(', ') || 'it names none'})`,
    );
  const held = new Set<DataCategory>([...APPLICANT_CATEGORIES, ...kase.personalDataCategories]);
  const missing = input.categories.filter((c) => !held.has(c));
  if (missing.length > 0) throw badUserInput('input.categories', `the case holds no ${missing.join(', ')} data`);
  const expires = Date.parse(input.expiresAt);
  if (expires <= now.getTime()) throw badUserInput('input.expiresAt', 'is not in the future');
  if (expires > now.getTime() + MAX_CONSENT_DAYS * DAY)
    throw badUserInput('input.expiresAt', `is more than ${MAX_CONSENT_DAYS} days ahead`);
  return { expiresAt: new Date(expires).toISOString() };
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
