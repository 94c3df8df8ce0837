/**
 * A refused consent attempt as an audit record of the person whose consent it would change: an event that
 * would grant, revoke or expire a consent, judged (authorise, references, the consent lifecycle) and
 * refused, is a DENY in that person's trail (`auditTrail`, `myDataAccesses`): who tried, which consent and
 * change, the refusal's code. An id that is a consent's is its subject's, whoever the event names (naming
 * p-A while revoking p-B's consent is an attempt on p-B's consent, in p-B's trail with p-B's consent named,
 * and nothing in p-A's, who never reads p-B's consent id); an id no consent has is the named person's.
 * Built by the lifecycle's `refusalEntry` (the one audit-entry builder, ./audit/entry.ts).
 *
 * Once per payload as partners send it: the ledger keeps a row under the source `gba:attempt-audited`
 * (`attemptKey`), so a redelivery or an old version judged again appends nothing more. A replay from the
 * dead-letter queue is a new decision, made at the replay (as the consent gate's), so each replay refused
 * again appends one record of its own (docs/authorisation.md, "Replays are decisions"); other bytes
 * under the id (a correction) are another attempt. No record when the named person does not exist: the
 * trail is read per person, so a record under an id no person has would be nobody's to read, and would
 * let a partner write under any id it makes up (docs/operations.md); an attempt on an existing consent
 * is recorded in its subject's trail whoever it names. An event refused before it is
 * judged (unreadable, invalid, on the other side's topic, an id reused with other bytes) is no attempt
 * of the system it names: its dead letter is its only record.
 */
import type { Consent, DataCategory } from '../../schema/domain/index.js';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import { partnerActor } from '../../services/consent/audit/entry.js';
import { type LifecycleEvent, refusalEntry } from '../../services/consent/lifecycle.js';
import { eventKey } from '../../services/graph/graph-store.port.js';
import { sha256Hex } from '../../services/shared/sha256.js';
import type { Lookup } from './authorise.js';
import { isRevocation } from './consent-change.js';
import type { Rejection } from './rejection.js';
import type { ValidEvent } from './validate.js';

/** The ledger's source for the refused consent attempts on record (`attemptKey`); never a partner's URN. */
export const ATTEMPT_SOURCE = 'gba:attempt-audited';

/** The ledger key marking that the refusal of these bytes under (source, id) is in the audit log. */
export const attemptKey = (source: string, id: string, digest: string): { source: string; id: string } => ({
  source: ATTEMPT_SOURCE,
  // One call (sha256Hex): the same hash as createHash → update → digest, at about half the cost.
  id: sha256Hex(JSON.stringify([source, id, digest])),
});

/** The `eventKey` of `attemptKey`, for the event's bytes. */
export const attemptEventKey = (event: Pick<ValidEvent, 'source' | 'id' | 'digest'>): string => {
  const key = attemptKey(event.source, event.id, event.digest);
  return eventKey(key.source, key.id);
};

/** Whether the event would change a consent (then its refusal is a consent attempt refused). */
export const isConsentAttempt = (event: ValidEvent): boolean =>
  event.canonical.changes.some((c) => c.label === 'Consent');

/** The audit entry of the event's refused consent attempt, or null: no consent change, or no such person. */
export function attemptEntry({
  event,
  rejection,
  get,
  at,
}: {
  event: ValidEvent;
  rejection: Rejection;
  get: Lookup;
  at: Date;
}): AuditEntry | null {
  const change = event.canonical.changes.find((c) => c.label === 'Consent');
  if (!change) return null;
  const named = event.canonical.references.find((r) => r.label === 'Person')?.id;
  const held = get('Consent', change.id) as Consent | null;
  // The attempt is of the person whose consent it would change: a consent's id is its subject's, whoever
  // the event names (then the named person's history holds nothing of it, so no one reads another's id).
  const subject = held ? held.subject : named && get('Person', named) ? named : null;
  if (!subject) return null;
  const kind: LifecycleEvent = change.create ? 'granted' : isRevocation(change) ? 'revoked' : 'expired';
  // What a grant asked for is the named person's; on another's consent, that consent's own terms are said.
  const asked = held && held.subject !== named ? undefined : (change.create as Partial<Consent> | undefined);
  return refusalEntry({
    event: kind,
    id: change.id,
    subject,
    consent: held,
    categories: (asked?.dataCategories ?? held?.dataCategories ?? []) as readonly DataCategory[],
    purpose: asked?.purpose ?? held?.purpose ?? null,
    code: rejection.code,
    actor: partnerActor(event.partner),
    at,
    requestId: event.id,
    via: `event ${event.id} (${event.type})`,
  });
}
