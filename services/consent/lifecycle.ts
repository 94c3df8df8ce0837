/**
 * The consent lifecycle, one for both doors: the GraphQL mutations and partner events call these
 * rules, so a consent cannot be forged or revived through either.
 * - Revoked or expired is final: nothing changes such a consent again, and a grant reusing its id is
 *   refused (a new grant is a new consent).
 * - A revocation stands on its own clock: once `revokedAt` is set, no event of any date undoes it.
 * - A revocation takes effect when the platform records it (`revokedAt` is then), whatever time an
 *   event states: data read under the consent before that was read while it was in force, and the
 *   audit log says so, so no backdated revocation can make the log contradict the store. The stated
 *   time is kept as the consent manager's claim (`revocationStatedAt`), signed with the consent and
 *   named in the revocation's audit record; a second revocation stating the same time changes nothing.
 * - A change names the consent's own subject; the recipient is never the controller.
 * - A consent naming a case: the case is the subject's, the purpose is one of the purposes of the
 *   case's service (the gate trusts a case-bound consent, so the purpose is checked here), and the
 *   recipient is the agency of the case's service, the one that handles it (a consent for the case
 *   naming another agency would hand that agency the case's data, or serve no one).
 * - The recipient is across the boundary from the controller (RECIPIENT_SAME_SIDE): a consent lets data
 *   cross it, and on one side nothing crosses.
 * - The recipient is a known agency, and the consent's `recipientJurisdiction` is that agency's own: it is
 *   signed into the receipt as where the data goes, and a re-grant may not change it, so a false one
 *   (a Hong Kong agency said to be in Shenzhen) would stand for ever (RECIPIENT_JURISDICTION_MISMATCH).
 *   The API door derives it from the recipient, so only a partner can state a false one.
 * - The controller is a known agency; for a case, one of the case's origin jurisdiction, where the
 *   data the case needs is held (as the platform's own approvals name it, ./requests/grant.ts).
 *   Anyone else would let a resident hand another agency's data, or name an agency that holds none.
 * - An expiry brings the end forward, never back, and like a revocation takes effect no earlier than
 *   when the platform records it: an expiry stated in the past ends the consent then (`expiresAt`), the
 *   stated time kept as the claim `expiryStatedAt`, named in its audit record.
 * - A re-grant (the granting system's grant of an id it granted, still in force) only narrows: fewer
 *   categories, an earlier end; the other terms stay, and so does the grant time (an earlier one would
 *   put the consent in force before the resident granted it; a later one, the re-grant's own, would end
 *   retroactively what was read under it). Its earlier end takes effect as an expiry's does: no earlier
 *   than when the platform records it, a stated end already past kept as `expiryStatedAt`.
 * - Only the system a consent was granted through changes it (`grantedBy`): a consent manager re-grants,
 *   revokes or expires only the consents its own grants made, never another consent manager's of its
 *   side (CONSENT_MANAGER_MISMATCH). One the resident granted on the platform (grantConsent, an approved
 *   request) no consent manager ever held, so none may end it; the resident's own revokeConsent ends any
 *   of their consents.
 * Every grant, revocation and expiry is an audit record (./audit/entry.ts), and the consent keeps
 * the signed receipt of each (./receipts.ts); the receipts a consent holds come from the platform
 * only, never from what a partner sends.
 */
import {
  type Agency,
  type Case,
  type Consent,
  covers,
  crossesBoundary,
  type DataCategory,
  PLATFORM_GRANTER,
  type Service,
} from '../../schema/domain/index.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { AuditEntry, AuditLog } from './audit/audit-log.port.js';
import { type AuditActor, auditEntry } from './audit/entry.js';
import { consentState } from './decide.js';
import { type ReceiptSigner, withReceipt } from './receipts.js';

/** Why a change was refused: a reason code naming the rule, the field, and a sentence. */
export interface Refusal {
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

export type Checked =
  | { readonly ok: true; readonly consent: Consent; readonly changed: boolean }
  | { readonly ok: false; readonly refusal: Refusal };

const refuse = (code: string, field: string, message: string): Checked => ({
  ok: false,
  refusal: { code, field, message },
});

/** Final: revoked (at any time, so no earlier-dated change overrides it) or past its expiry. */
export const isFinal = (c: Consent, now: Date): boolean => c.revokedAt !== null || consentState(c, now) === 'expired';

const finalityRefusal = (existing: Consent): Refusal => ({
  code: 'CONSENT_FINAL',
  field: 'id',
  message: `consent ${existing.id} was revoked at ${existing.revokedAt}; a new grant is a new consent`,
});

function finality(existing: Consent, now: Date): Checked | null {
  if (existing.revokedAt !== null) return { ok: false, refusal: finalityRefusal(existing) };
  if (isFinal(existing, now))
    return refuse(
      'CONSENT_FINAL',
      'id',
      `consent ${existing.id} expired at ${existing.expiresAt}; a new grant is a new consent`,
    );
  return null;
}

/** One answer for an id no consent has and for another subject's: a refusal never tells which ids exist. */
const notOfSubject = (id: string): Checked =>
  refuse('SUBJECT_MISMATCH', 'id', `consent ${id} is not a consent of this subject`);

const subjectMismatch = (existing: Consent, subject: string): Checked | null =>
  existing.subject === subject ? null : notOfSubject(existing.id);

/**
 * CONSENT_MANAGER_MISMATCH unless `by` (a partner system's source, or PLATFORM_GRANTER) is the system
 * the consent was granted through. Asked only once the subject matches: the sender then knows the
 * consent already, and learns only that it is not its own.
 */
function otherManager(existing: Consent, by: string): Checked | null {
  if (existing.grantedBy === by) return null;
  const granted =
    existing.grantedBy === PLATFORM_GRANTER
      ? 'by its subject on the platform; only they may end it (revokeConsent)'
      : `through ${existing.grantedBy}; only that system, or the subject on the platform, may change or end it`;
  return refuse('CONSENT_MANAGER_MISMATCH', 'id', `consent ${existing.id} was granted ${granted}, not by ${by}`);
}

/** The resident's own door (revokeConsent, `by` PLATFORM_GRANTER) may end any of their consents. */
const endedByOther = (existing: Consent, by: string): Checked | null =>
  by === PLATFORM_GRANTER ? null : otherManager(existing, by);

/**
 * What a consent allows is fixed when it is granted (its receipt signs those terms): a later grant of the
 * same id may only narrow it (fewer categories, an earlier end). Anything wider or different, whoever
 * sends it, is a new consent with a receipt of its own, so no event can quietly widen what a resident
 * agreed to.
 */
function widening(existing: Consent, proposed: Consent): Checked | null {
  for (const term of ['controller', 'recipient', 'recipientJurisdiction', 'purpose', 'case'] as const)
    if (existing[term] !== proposed[term])
      return refuse(
        'CONSENT_TERMS_CHANGED',
        term,
        `consent ${existing.id} was granted with ${term} ${existing[term] ?? 'none'}; a different ${term} is a new consent`,
      );
  const added = proposed.dataCategories.filter((c) => !existing.dataCategories.includes(c));
  if (added.length > 0)
    return refuse(
      'CONSENT_TERMS_CHANGED',
      'dataCategories',
      `consent ${existing.id} does not cover ${added.join(', ')}; wider categories are a new consent`,
    );
  if (Date.parse(proposed.expiresAt) > Date.parse(existing.expiresAt))
    return refuse(
      'CONSENT_TERMS_CHANGED',
      'expiresAt',
      `consent ${existing.id} ends at ${existing.expiresAt}; a later end is a new consent`,
    );
  if (Date.parse(proposed.grantedAt) < Date.parse(existing.grantedAt))
    return refuse(
      'CONSENT_TERMS_CHANGED',
      'grantedAt',
      `consent ${existing.id} was granted at ${existing.grantedAt}; it was not in force before, and an earlier grant is a new consent`,
    );
  return null;
}

/**
 * A re-grant as the consent's granter states it against the consent as it stated it: a later grant
 * time is the re-grant's own (the consent keeps its first), and an end already past when a re-grant
 * or expiry brought it forward is compared as stated (`expiryStatedAt`), so the same re-grant again
 * is seen to change nothing.
 */
function asStated(existing: Consent, proposed: Consent): { existing: Consent; proposed: Consent } {
  const { expiryStatedAt, ...rest } = existing;
  const grantedAt =
    Date.parse(proposed.grantedAt) > Date.parse(existing.grantedAt) ? existing.grantedAt : proposed.grantedAt;
  return {
    existing: expiryStatedAt ? { ...rest, expiresAt: expiryStatedAt } : existing,
    proposed: { ...proposed, grantedAt },
  };
}

/**
 * The consent a narrowing re-grant leaves: the proposal's narrower terms on the consent's own grant
 * time and provenance, its end in effect no earlier than `now` (./lifecycle.ts's module comment).
 */
function regranted(existing: Consent, proposed: Consent, now: Date): Consent {
  return {
    ...proposed,
    grantedAt: existing.grantedAt,
    synthetic: existing.synthetic,
    ...inEffect('expired', proposed.expiresAt, now),
    version: existing.version + 1,
    receipts: existing.receipts,
  };
}

export interface GrantFacts {
  readonly proposed: Consent;
  /** A consent with the proposed id, if one exists. */
  readonly existing: Consent | null;
  /** The case the proposed consent names, and its service (null when it names none or they do not exist). */
  readonly kase: Case | null;
  readonly service: Pick<Service, 'purposes' | 'agency'> | null;
  /** The agency the proposed consent names as controller (null when no agency has its id). */
  readonly controller: Pick<Agency, 'id' | 'jurisdiction'> | null;
  /** The agency the proposed consent names as recipient (null when no agency has its id). */
  readonly recipient: Pick<Agency, 'id' | 'jurisdiction'> | null;
  readonly now: Date;
}

/** The same record again (a partner re-sending what the platform holds): accepted, changing nothing. */
const same = (existing: Consent, next: Consent): boolean =>
  JSON.stringify({
    ...existing,
    ...next,
    version: existing.version,
    synthetic: existing.synthetic,
    receipts: existing.receipts,
  }) === JSON.stringify(existing);

/** A clock ahead of ours by this much is still believed; beyond it a time is in the future. */
const SKEW_MS = 5 * 60_000;
/** The longest a consent may last, whichever door grants it (the API says so of its input too). */
const MAX_SPAN_MS = 5 * 366 * 86_400_000;

/** The consent an approved request creates: named after it, so the link reads both ways. */
export const consentIdOfRequest = (requestId: string): string => `con-${requestId}`;
/** Ids only the platform gives (from consent requests): a partner that names one is refused. */
export const isRequestConsentId = (id: string): boolean => id.startsWith('con-creq-');

/** When a consent's grant or end is dated: never in the future, never before its grant. */
function undatable(time: { at: string; field: string; grantedAt?: string }, now: Date): Checked | null {
  const at = Date.parse(time.at);
  if (at > now.getTime() + SKEW_MS) return refuse('FUTURE_TIME', time.field, `${time.at} is in the future`);
  if (time.grantedAt !== undefined && at < Date.parse(time.grantedAt))
    return refuse('CONSENT_TIME_BEFORE_GRANT', time.field, `${time.at} is before the grant at ${time.grantedAt}`);
  return null;
}

export function checkGrant({ proposed, existing, kase, service, controller, recipient, now }: GrantFacts): Checked {
  if (existing) {
    const stated = asStated(existing, proposed);
    if (same(stated.existing, stated.proposed)) return { ok: true, consent: existing, changed: false };
  }
  if (existing) {
    // Another subject's id is refused before anything is said of that consent's state: CONSENT_FINAL for
    // a revoked or expired one would tell a consent manager the id exists and what became of it.
    const refused =
      subjectMismatch(existing, proposed.subject) ??
      otherManager(existing, proposed.grantedBy) ??
      finality(existing, now) ??
      widening(existing, proposed);
    if (refused) return refused;
  }
  if (proposed.recipient === proposed.controller)
    return refuse('RECIPIENT_IS_CONTROLLER', 'recipient', `the recipient ${proposed.recipient} is the controller`);
  const uncontrolled = controllerRefusal(proposed, controller, kase) ?? recipientRefusal(proposed, recipient);
  if (uncontrolled) return uncontrolled;
  // A re-grant keeps the consent's grant time (regranted): its end is judged against that, not against
  // the re-grant's own time, which may be later than an end it brings forward.
  const start = existing ? existing.grantedAt : proposed.grantedAt;
  if (Date.parse(proposed.expiresAt) <= Date.parse(start))
    return refuse('CONSENT_EXPIRES_BEFORE_GRANT', 'expiresAt', `${proposed.expiresAt} is not after the grant`);
  const dated = undatable({ at: proposed.grantedAt, field: 'grantedAt' }, now);
  if (dated) return dated;
  if (Date.parse(proposed.expiresAt) - Date.parse(start) > MAX_SPAN_MS)
    return refuse('CONSENT_TOO_LONG', 'expiresAt', `${proposed.expiresAt} is more than 5 years after the grant`);
  if (proposed.case !== null) {
    if (!kase || kase.person !== proposed.subject)
      return refuse('CASE_NOT_SUBJECTS', 'case', `case ${proposed.case} is not a case of ${proposed.subject}`);
    if (!service?.purposes.includes(proposed.purpose))
      return refuse(
        'PURPOSE_NOT_OF_SERVICE',
        'purpose',
        `"${proposed.purpose}" is not a purpose of the service of case ${kase.id} (${service?.purposes.join(', ') || 'none'})`,
      );
    if (proposed.recipient !== service.agency)
      return refuse(
        'RECIPIENT_NOT_OF_CASE',
        'recipient',
        `${proposed.recipient} does not handle case ${kase.id}; the recipient of a consent for a case is the agency of its service (${service.agency})`,
      );
  }
  // After the case's own rules, whose reasons say more of a consent for a case.
  const uncrossed = sameSideRefusal(controller, recipient);
  if (uncrossed) return uncrossed;
  // Receipts are the platform's: the earlier ones are kept, none is taken from the proposal.
  if (!existing) return { ok: true, consent: { ...proposed, version: 1, receipts: [] }, changed: true };
  return { ok: true, consent: regranted(existing, proposed, now), changed: true };
}

/** CONTROLLER_UNKNOWN, or CONTROLLER_NOT_OF_CASE when the controller is not of the case's origin. */
function controllerRefusal(proposed: Consent, controller: GrantFacts['controller'], kase: Case | null): Checked | null {
  if (!controller) return refuse('CONTROLLER_UNKNOWN', 'controller', `no agency has the id "${proposed.controller}"`);
  if (proposed.case !== null && kase && !covers(controller.jurisdiction, kase.originJurisdiction))
    return refuse(
      'CONTROLLER_NOT_OF_CASE',
      'controller',
      `${controller.id} (${controller.jurisdiction}) does not hold the data of case ${kase.id}, which comes from ${kase.originJurisdiction}`,
    );
  return null;
}

/**
 * RECIPIENT_UNKNOWN, or RECIPIENT_JURISDICTION_MISMATCH when the consent says the data goes to another
 * jurisdiction than its recipient's (found by a tester, probe 9: iShenzhen granted hk-td with 440300,
 * Shenzhen, and the receipt signed SZ).
 */
function recipientRefusal(proposed: Consent, recipient: GrantFacts['recipient']): Checked | null {
  if (!recipient) return refuse('RECIPIENT_UNKNOWN', 'recipient', `no agency has the id "${proposed.recipient}"`);
  if (recipient.jurisdiction !== proposed.recipientJurisdiction)
    return refuse(
      'RECIPIENT_JURISDICTION_MISMATCH',
      'recipientJurisdiction',
      `the recipient ${recipient.id} is an agency of ${recipient.jurisdiction}, not of ${proposed.recipientJurisdiction}`,
    );
  return null;
}

/**
 * RECIPIENT_SAME_SIDE: a consent lets the personal data its controller holds cross the boundary to its
 * recipient, so the two are on different sides (jurisdiction.ts `crossesBoundary`). On one side nothing
 * crosses, and the consent rule (decide.ts) never consults such a consent for its controller's data: the
 * origin side's officials see their own side's data without one, so the consent could serve only data
 * its controller does not hold (found by a code-blind tester: hk-dpo to hk-td was granted, both doors).
 */
function sameSideRefusal(controller: GrantFacts['controller'], recipient: GrantFacts['recipient']): Checked | null {
  if (!controller || !recipient || crossesBoundary(controller.jurisdiction, recipient.jurisdiction)) return null;
  return refuse(
    'RECIPIENT_SAME_SIDE',
    'recipient',
    `the recipient ${recipient.id} (${recipient.jurisdiction}) is on the same side of the boundary as the controller ${controller.id} (${controller.jurisdiction}): a consent lets personal data cross the boundary, and none would cross`,
  );
}

export interface EndFacts {
  readonly existing: Consent | null;
  readonly id: string;
  /** The subject the change names. */
  readonly subject: string;
  /** The system making the change: a partner system's source, or PLATFORM_GRANTER for the resident's own. */
  readonly by: string;
  /** The revocation time or the new expiry stated (in effect no earlier than `now`). */
  readonly at: string;
  readonly now: Date;
}

type Ending = 'revoked' | 'expired';

/** The field that says when a revocation or expiry takes effect, and the field of its stated time (a claim). */
const ENDING_FIELDS = {
  revoked: ['revokedAt', 'revocationStatedAt'],
  expired: ['expiresAt', 'expiryStatedAt'],
} as const;

/** The time a consent's revoker or expirer last stated: the claim when one was kept, else when it took effect. */
const statedEnd = (c: Consent, kind: Ending): string | null => {
  const [field, claim] = ENDING_FIELDS[kind];
  return c[claim] ?? c[field];
};

/**
 * A revocation or expiry stated at `stated`, processed `now`: it takes effect no earlier than `now`
 * (data read under the consent until the platform knew of the change was read while it was in
 * force, and the audit log says so), at `now` for a revocation (in force at once, also when stated a
 * little ahead), at the stated time for an expiry that lies ahead. The stated time, when it is not
 * when the change takes effect, is kept as the consent manager's claim.
 */
function endedAt(existing: Consent, kind: Ending, stated: string, now: Date): Checked {
  return {
    ok: true,
    consent: { ...existing, ...inEffect(kind, stated, now), version: existing.version + 1 },
    changed: true,
  };
}

/** The fields of an end stated at `stated` and processed `now`: when it takes effect, and the claim when that is not it (endedAt). */
function inEffect(kind: Ending, stated: string, now: Date): Partial<Consent> {
  const [field, claimField] = ENDING_FIELDS[kind];
  const effective = kind === 'expired' && Date.parse(stated) > now.getTime() ? stated : now.toISOString();
  return Date.parse(stated) === Date.parse(effective)
    ? { [field]: effective }
    : { [field]: effective, [claimField]: stated };
}

/**
 * A revocation stated at `at`, taking effect `now` (the module's comment says why). The same revocation
 * again (the same stated time) changes nothing; any other of a revoked consent is CONSENT_FINAL.
 */
export function checkRevoke({ existing, id, subject, by, at, now }: EndFacts): Checked {
  if (!existing) return notOfSubject(id);
  const foreign = subjectMismatch(existing, subject) ?? endedByOther(existing, by);
  if (foreign) return foreign;
  const stated = statedEnd(existing, 'revoked');
  if (stated !== null && Date.parse(stated) === Date.parse(at)) return { ok: true, consent: existing, changed: false };
  const refused = finality(existing, now) ?? undatable({ at, field: 'revokedAt', grantedAt: existing.grantedAt }, now);
  if (refused) return refused;
  return endedAt(existing, 'revoked', at, now);
}

/**
 * An expiry stated at `at`: the end brought forward, in effect no earlier than `now` (an expiry stated
 * in the past ends the consent when it is processed, its time kept as `expiryStatedAt`). The same expiry
 * again changes nothing; a later one is CONSENT_EXTENDED, one before the grant CONSENT_TIME_BEFORE_GRANT.
 */
export function checkExpire({ existing, id, subject, by, at, now }: EndFacts): Checked {
  if (!existing) return notOfSubject(id);
  const foreign = subjectMismatch(existing, subject) ?? endedByOther(existing, by);
  if (foreign) return foreign;
  if (Date.parse(statedEnd(existing, 'expired') as string) === Date.parse(at))
    return { ok: true, consent: existing, changed: false };
  const refused =
    finality(existing, now) ??
    // An expiry may lie ahead (the end brought forward to a later day); it may not precede the grant.
    (Date.parse(at) < Date.parse(existing.grantedAt)
      ? refuse('CONSENT_TIME_BEFORE_GRANT', 'expiresAt', `${at} is before the grant at ${existing.grantedAt}`)
      : null);
  if (refused) return refused;
  if (Date.parse(at) > Date.parse(existing.expiresAt))
    return refuse(
      'CONSENT_EXTENDED',
      'expiresAt',
      `an expiry brings the end of consent ${id} forward, never back (now ${existing.expiresAt})`,
    );
  return endedAt(existing, 'expired', at, now);
}

export type LifecycleEvent = 'granted' | 'revoked' | 'expired';

/**
 * `consent granted` (`granted again, narrower` for a re-grant), `consent revoked` or `consent expired`;
 * for an end whose stated time is not when it took effect, both.
 */
function lifecycleReason(event: LifecycleEvent, consent: Consent): string {
  if (event === 'granted' && consent.version === 1) return 'consent granted';
  const [field, claim] = ENDING_FIELDS[event === 'granted' ? 'expired' : event];
  const said = event === 'granted' ? 'consent granted again, narrower' : `consent ${event}`;
  if (!consent[claim]) return said;
  return `${said}, ${event === 'granted' ? 'its end ' : ''}in effect from ${consent[field]} (stated ${consent[claim]})`;
}

/** Who made a change, when, and through which door, as its audit record names them. */
type EntryDoor = DoorInput & { readonly at: Date | string };

/** The audit record of a grant, revocation or expiry, by whichever door it came. */
export function lifecycleEntry({
  event,
  consent,
  actor,
  at,
  requestId,
  via,
}: EntryDoor & { event: LifecycleEvent; consent: Consent }): AuditEntry {
  return auditEntry({
    at,
    actor,
    subject: consent.subject,
    categories: consent.dataCategories,
    resource: `consent ${consent.id} ${event} by ${via}`,
    verdict: { allowed: true, consent, purpose: consent.purpose, reason: lifecycleReason(event, consent) },
    requestId,
  });
}

const ATTEMPT: Record<LifecycleEvent, string> = { granted: 'grant', revoked: 'revocation', expired: 'expiry' };

/** A refused attempt to grant, revoke or expire consent `id`, as `refusalEntry` records it. */
export interface RefusedAttempt {
  readonly event: LifecycleEvent;
  readonly id: string;
  /** Whose trail holds it: the subject of the consent under `id`, else the person the attempt names. */
  readonly subject: string;
  /** The consent under `id` (then `subject`'s own), or null when no consent has it. */
  readonly consent: Consent | null;
  readonly categories: readonly DataCategory[];
  readonly purpose: string | null;
  /** The refusal's reason code. */
  readonly code: string;
}

/**
 * The audit record of a refused attempt to grant, revoke or expire a consent, in the trail of the person
 * whose consent it is: who tried, what (`consent <id> grant by <via> refused`), the refusal's code as the
 * reason, DENY. An attempt naming one person and another's consent is that other's (their consent named),
 * never the named person's, who would read an id and terms not theirs; `categories` and `purpose` are what
 * the attempt asked for, else that consent's.
 */
export function refusalEntry({
  event,
  id,
  subject,
  consent,
  categories,
  purpose,
  code,
  ...door
}: RefusedAttempt & EntryDoor): AuditEntry {
  return auditEntry({
    at: door.at,
    actor: door.actor,
    subject,
    categories,
    resource: `consent ${id} ${ATTEMPT[event]} by ${door.via} refused`,
    verdict: { allowed: false, consent, purpose, reason: code },
    requestId: door.requestId,
  });
}

/** What the store-backed doors need: the graph, the audit log, the receipts' signer and the clock. */
export interface LifecycleDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly receipts: ReceiptSigner;
  readonly now: () => Date;
}

/** A refused lifecycle change; `refusal.field` names the input field. */
export class LifecycleRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.field}: ${refusal.message}`);
    this.name = 'LifecycleRefused';
  }
}

interface DoorInput {
  readonly actor: AuditActor;
  readonly requestId: string;
  /** The door, for the audit record, e.g. `grantConsent`. */
  readonly via: string;
}

/**
 * Grants a consent through the API (or any caller of the platform's own): checks the lifecycle,
 * records the grant in the audit log, then stores it. Throws LifecycleRefused.
 */
export async function grantConsent(
  deps: LifecycleDeps,
  { proposed, ...door }: DoorInput & { proposed: Consent },
): Promise<Consent> {
  const [existing] = await deps.store.getByIds('Consent', [proposed.id]);
  const [kase] = proposed.case ? await deps.store.getByIds('Case', [proposed.case]) : [null];
  const [service] = kase ? await deps.store.getByIds('Service', [kase.service]) : [null];
  const [controller, recipient] = await deps.store.getByIds('Agency', [proposed.controller, proposed.recipient]);
  const now = deps.now();
  const checked = checkGrant({
    proposed,
    existing: existing ?? null,
    kase: kase ?? null,
    service: service ?? null,
    controller: controller ?? null,
    recipient: recipient ?? null,
    now,
  });
  if (!checked.ok) throw new LifecycleRefused(checked.refusal);
  // Recorded before it takes effect: a grant the log does not hold never happened.
  await deps.audit.append([lifecycleEntry({ event: 'granted', consent: checked.consent, at: now, ...door })]);
  const signed = withReceipt(deps.receipts, 'granted', checked.consent, now);
  await deps.store.write([{ label: 'Consent', records: [signed] }]);
  return signed;
}

/** Revokes a consent of `subject` now, recorded in the audit log first. Throws LifecycleRefused. */
export async function revokeConsent(
  deps: LifecycleDeps,
  { id, subject, ...door }: DoorInput & { id: string; subject: string },
): Promise<Consent> {
  const [existing] = await deps.store.getByIds('Consent', [id]);
  const now = deps.now();
  // Through this door a revocation is always new: a second one, even at the same instant, is refused.
  if (existing?.subject === subject && existing.revokedAt) throw new LifecycleRefused(finalityRefusal(existing));
  const checked = checkRevoke({
    existing: existing ?? null,
    id,
    subject,
    by: PLATFORM_GRANTER,
    at: now.toISOString(),
    now,
  });
  if (!checked.ok) throw new LifecycleRefused(checked.refusal);
  await deps.audit.append([lifecycleEntry({ event: 'revoked', consent: checked.consent, at: now, ...door })]);
  const signed = withReceipt(deps.receipts, 'revoked', checked.consent, now);
  await deps.store.write([{ label: 'Consent', records: [signed] }]);
  return signed;
}
