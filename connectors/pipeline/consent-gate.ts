/**
 * The consent step: an event carrying personal data crosses the boundary only under a consent in
 * force (event-consent.ts states the rule). The decision, allow or deny, is an audit entry either
 * way. A replay carries the data across now, so its consent must be in force now, and a consent the
 * resident granted since may replace the one the event names (event-consent.ts, docs/operations.md);
 * a first delivery is judged under the consent it names, which must be in force at the event's own
 * time and still in force now, when the data crosses (a backdated event gains nothing).
 */
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import { auditEntry, partnerActor } from '../../services/consent/audit/entry.js';
import type { BatchView } from './batch-view.js';
import { eventConsent } from './event-consent.js';
import type { Rejection } from './rejection.js';
import type { ValidEvent } from './validate.js';

export interface GateInput {
  readonly event: ValidEvent;
  readonly view: BatchView;
  readonly at: Date;
  /** The event is a replay from the dead-letter queue. */
  readonly replay: boolean;
  /** Where the decision's audit entry goes. */
  readonly audit: AuditEntry[];
}

/** What the step decided: a refusal, or the event let in, with a note when another consent replaced the named one. */
export type GateOutcome =
  | { readonly ok: false; readonly rejection: Rejection }
  | { readonly ok: true; readonly note: string | null };

const LET_IN: GateOutcome = { ok: true, note: null };

/** The note of a consent that replaced the named one, as the audit entry and the replay's outcome say it. */
export const replacedNote = (used: string, named: { id: string; code: string }): string =>
  `consent ${used} in place of ${named.id} (${named.code})`;

/** The refusal of an event's personal data, or the event let in when it carries none or its consent is in force. */
export function gateConsent({ event, view, at, replay, audit }: GateInput): GateOutcome {
  const c = event.canonical;
  if (!c.personalData) return LET_IN;
  const kase = c.caseId ? view.get('Case', c.caseId) : null;
  const service = kase ? view.get('Service', kase.service) : null;
  if (!kase || !service)
    return {
      ok: false,
      rejection: {
        code: 'UNKNOWN_REFERENCE_CASE',
        message: `personal data names no known case (${c.caseId})`,
        stage: 'reference',
      },
    };
  const decision = eventConsent({
    block: c.personalData,
    recipient: service.agency,
    consents: view.consents.get(c.personalData.subject) ?? [],
    time: replay ? at.toISOString() : event.time,
    processedAt: at.toISOString(),
    serves: {
      caseId: kase.id,
      purposes: service.purposes,
      origin: kase.originJurisdiction,
      jurisdictionOf: (agency: string) => view.get('Agency', agency)?.jurisdiction ?? null,
    },
    replay,
  });
  const note = decision.allowed && decision.replaced ? replacedNote(decision.consent.id, decision.replaced) : null;
  audit.push(
    auditEntry({
      at,
      actor: partnerActor(event.partner),
      subject: c.personalData.subject,
      categories: c.personalData.categories,
      resource: `inbound event ${event.id} (${event.type}) for case ${kase.id}`,
      verdict: decision.allowed
        ? {
            allowed: true,
            consent: decision.consent,
            purpose: decision.consent.purpose,
            reason: note ?? `consent ${decision.consent.id}`,
          }
        : {
            allowed: false,
            consent: decision.consent,
            purpose: decision.consent?.purpose ?? null,
            reason: decision.code,
          },
      requestId: event.id,
    }),
  );
  return decision.allowed
    ? { ok: true, note }
    : { ok: false, rejection: { code: decision.code, message: decision.message, stage: 'consent' } };
}
