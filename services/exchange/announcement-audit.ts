/**
 * Publishing, correcting and withdrawing an announcement are decisions, and like every decision they
 * are appended to the audit log: who (the token's user, agency and jurisdiction), which announcement
 * of which agency, the version the change made, and the outcome. Refusals are recorded too, with
 * their code and message, so an auditor sees an hk-td official's attempt on hk-dpo's announcement.
 * Records are filed under the announcement's id (`auditTrail(subject: "ann-…")`); a refused publish,
 * which made no announcement, under the agency it was made for.
 */
import type { Announcement } from '../../schema/domain/index.js';
import { UserFacingError } from '../../schema/errors.js';
import type { ExchangeContext } from './context.js';

export type AnnouncementAction = 'publish' | 'correct' | 'withdraw';

export interface Attempt {
  readonly action: AnnouncementAction;
  /** The announcement's id, or for a publish the agency it is made for. */
  readonly target: string;
}

/**
 * Records a refusal and passes it on. Also the fields' `unauthorizedResolver`: a refusal by the
 * field's scope rule (schema/auth-scopes.ts) is recorded as one the change itself gives.
 */
export async function refusedAndAudited(
  ctx: Pick<ExchangeContext, 'auditAction'>,
  attempt: Attempt,
  error: unknown,
): Promise<never> {
  await auditRefusal(ctx, attempt, error);
  throw error;
}

/**
 * Records a refusal the caller was told. Also the fields' `refusedInput` (schema/refused-input.ts):
 * input refused before the resolver runs (too long, a control or bidi character) is recorded as the
 * resolver's own bad input is.
 */
export async function auditRefusal(
  ctx: Pick<ExchangeContext, 'auditAction'>,
  { action, target }: Attempt,
  error: unknown,
): Promise<void> {
  // Unexpected faults are logged and masked elsewhere: only a decision the caller was told is recorded.
  if (error instanceof UserFacingError) {
    const agency = typeof error.extensions.agency === 'string' ? ` of ${error.extensions.agency}` : '';
    await ctx.auditAction({
      subject: target,
      resource: `announcement ${action === 'publish' ? `for ${target}` : `${target}${agency}`}: ${action}`,
      allowed: false,
      reason: `${error.code}: ${error.message}`,
    });
  }
}

/** Results that repeat an earlier request's (see `repeated`). */
const REPEATS = new WeakSet<Announcement>();

/**
 * The announcement an earlier identical request made, answered again: nothing was decided, so
 * `audited` records nothing. A copy, as the store's records are shared.
 */
export function repeated(announcement: Announcement): Announcement {
  const copy = { ...announcement };
  REPEATS.add(copy);
  return copy;
}

/** Runs a change of an announcement and records its outcome, done or refused; the result is the change's. */
export async function audited(
  ctx: Pick<ExchangeContext, 'auditAction'>,
  { action, target }: Attempt,
  change: () => Promise<Announcement>,
): Promise<Announcement> {
  let done: Announcement;
  try {
    done = await change();
  } catch (error) {
    return refusedAndAudited(ctx, { action, target }, error);
  }
  if (REPEATS.has(done)) return done;
  await ctx.auditAction({
    subject: done.id,
    resource: `announcement ${done.id} of ${done.agency} version ${done.version ?? 1}: ${action}`,
    allowed: true,
    reason: 'official of the announcing agency',
  });
  return done;
}
