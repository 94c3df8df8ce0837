/**
 * A field whose refusals are audit records (publishAnnouncement, correctAnnouncement,
 * withdrawAnnouncement: services/exchange/announcement-audit.ts) records also the refusals of its input
 * that come before its resolver runs: a string over its ceiling (./input-length-plugin.ts) and free text
 * holding a control or bidi character (services/server-kit/use-plain-input-text.ts). Each door refuses
 * as before and, first, calls the field's `extensions.refusedInput` with the arguments, the request's
 * context and the refusal, so an auditor sees such an attempt as the resolver's own refusals.
 */
import type { UserFacingError } from './errors.js';

/** The field extension's name. */
export const REFUSED_INPUT = 'refusedInput';

/** Records a refusal of the field's input; it does not refuse (the door does). */
export type RefusedInput = (args: Record<string, unknown>, context: unknown, error: UserFacingError) => Promise<void>;

/** The field's `refusedInput`, if it has one. */
export const refusedInputOf = (extensions: Readonly<Record<string, unknown>> | null | undefined) => {
  const hook = extensions?.[REFUSED_INPUT];
  return typeof hook === 'function' ? (hook as RefusedInput) : undefined;
};
