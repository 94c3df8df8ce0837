/**
 * The authorise step: an event changes only what its partner system is authorised for in the
 * catalogue (connectors/partners/authority.ts). Every refusal names the rule:
 * - WRONG_TOPIC_FOR_SOURCE: a system speaks only on its own side's inbound topic;
 * - NOT_AUTHORISED_FOR_RECORD: the kind of record, or the record's owner, is not the system's; a
 *   case status is moved and decided only by the side that handles the case (./authorise-case.ts);
 * - SERVICE_MISMATCH: a case status names a service that is not the case's;
 * - SUBJECT_MISMATCH: a case status names an applicant, or carries personal data of a person, who
 *   is not the case's.
 * A record's owner is the agency it holds: an event naming another (a service update's agencyId)
 * is NOT_AUTHORISED_FOR_RECORD whatever the sender's authority, so no event hands a record over.
 * It judges against the batch's view of the graph (records as the batch has changed them so far).
 */
import type { JurisdictionId, NodeLabel } from '../../schema/domain/index.js';
import type { Authority, Owner, RecordKind } from '../partners/authority.js';
import type { Change, Reference } from '../partners/canonical-event.js';
import { INBOUND_TOPIC, type PartnerSystem, SIDE_OF } from '../partners/catalogue.js';
import { caseRefusal } from './authorise-case.js';
import type { Lookup } from './lookup.js';
import type { Rejection } from './rejection.js';
import type { ValidEvent } from './validate.js';

export type { Lookup } from './lookup.js';

const KIND_OF: Partial<Record<NodeLabel, RecordKind>> = {
  Case: 'case',
  Service: 'service',
  Practice: 'practice',
  Announcement: 'announcement',
  Consent: 'consent',
};

const refuse = (code: string, message: string): Rejection => ({ code, message, stage: 'authorise' });

const OWNER_TEXT: Record<Owner, (p: PartnerSystem, g: Authority) => string> = {
  'own-agency': (p, g) => `agency ${[p.agency, ...(g.agencies ?? [])].join(', ')}`,
  'own-jurisdiction': (p) => `jurisdiction ${p.jurisdiction}`,
  originated: (p) => `cases originated in ${p.jurisdiction}`,
  'own-side': (p) => `the ${p.side === 'hk' ? 'Hong Kong' : 'Mainland'} side`,
};

/** A field as the change leaves it. (Not a closure per call: see admit.ts on tsx's naming of closures.) */
const fieldOf = (change: Change, current: Record<string, unknown> | null, name: string) =>
  (change.set[name] ?? current?.[name] ?? change.create?.[name]) as string | undefined;

/** Whether `grant` (own-agency) covers records of `agency`: the system's own, or one the grant names. */
const grantsAgency = (grant: Authority, partner: PartnerSystem, agency: string): boolean =>
  agency === partner.agency || (grant.agencies ?? []).includes(agency);

/** Why the record is not the system's to change under `grant`, or null when it is. */
function notOwned(
  grant: Authority,
  partner: PartnerSystem,
  { change, named, subject }: { change: Change; named: readonly string[]; subject: string | undefined },
  get: Lookup,
): string | null {
  const owner = grant.owner;
  const current = get(change.label, change.id) as Record<string, unknown> | null;
  // A revocation or expiry of a consent that is not the named subject's (or of no consent) is left to the
  // lifecycle, which answers both alike (SUBJECT_MISMATCH): naming its controller here would tell a
  // consent manager that the id exists.
  if (change.label === 'Consent' && !change.create && current?.subject !== subject) return null;
  if (change.label === 'Consent') {
    const controller = fieldOf(change, current, 'controller');
    const side = controller ? SIDE_OF[get('Agency', controller)?.jurisdiction ?? 'MO'] : null;
    return owner === 'own-side' && side === partner.side
      ? null
      : `its controller ${controller ?? '(unknown)'} holds the data on ${side ? `the ${side} side` : 'no side of a consent manager'}`;
  }
  // The agency as stored wins: a change may not move a record to the sender's agency.
  const agencies = [current?.agency, change.set.agency, change.create?.agency, ...named].filter(
    (a) => typeof a === 'string',
  );
  const jurisdictions = [current?.jurisdiction, change.set.jurisdiction, change.create?.jurisdiction].filter(
    (j) => typeof j === 'string',
  ) as JurisdictionId[];
  const held = agencies[0];
  // An event naming another owner than the one held is refused whatever the sender's grant: a portal
  // granted two agencies' records (iShenzhen: its own and Futian's) still may not hand one's service to
  // the other. The owner named is the stored one (`held`), never only the one the event claims.
  const claimed = agencies.find((a) => a !== held);
  if (claimed !== undefined) return `it belongs to agency ${held}, and the event names ${claimed} as its owner`;
  if (owner === 'own-agency')
    return held === undefined || grantsAgency(grant, partner, held as string) ? null : `it belongs to agency ${held}`;
  if (owner === 'own-jurisdiction')
    return jurisdictions.every((j) => j === partner.jurisdiction) ? null : `it belongs to ${jurisdictions.join(', ')}`;
  return jurisdictions.every((j) => SIDE_OF[j] === partner.side) ? null : `it belongs to ${jurisdictions.join(', ')}`;
}

/**
 * Why an announcement relates to a service of another agency than its own, or null: such a link would
 * make another government's notice that service's latest change (`latestChanges`, the assistant's "Since
 * … it has changed"). Found by a tester (probe 6): 1823's notice "Suihaoban moved to evil.example",
 * related to Guangzhou's Suihaoban, became Suihaoban's change in `gba ask`.
 */
function foreignRelated(change: Change, references: readonly Reference[], get: Lookup): string | null {
  if (change.label !== 'Announcement') return null;
  const current = get('Announcement', change.id) as Record<string, unknown> | null;
  const agency = fieldOf(change, current, 'agency');
  const related = (change.set.relatedServices ?? change.create?.relatedServices ?? []) as readonly string[];
  for (const id of related) {
    const owner = get('Service', id)?.agency;
    if (owner === undefined || owner === agency) continue;
    const field = references.find((r) => r.label === 'Service' && r.id === id)?.field ?? 'relatedServices';
    return `Announcement ${change.id}: ${field} names service ${id} of agency ${owner}; an announcement relates only to services of its own agency (${agency})`;
  }
  return null;
}

function grantFor(authority: readonly Authority[], kind: RecordKind): Authority | undefined {
  return authority.find((a) => a.record === kind);
}

/**
 * WRONG_TOPIC_FOR_SOURCE when the event came on another inbound topic than its source's side's, else
 * null. Asked before dedupe too (pipeline.ts): such an event is not its source's to send, so it is
 * known by its bytes on that topic, never by the (source, id) it claims.
 */
export function offTopic(partner: PartnerSystem, topic: string): Rejection | null {
  const own = INBOUND_TOPIC[partner.side];
  return topic === own ? null : refuse('WRONG_TOPIC_FOR_SOURCE', `${partner.source} speaks on ${own}, not on ${topic}`);
}

/**
 * A kiosk transaction changes no record, but says work was done on a case: the case is its sender's to
 * report on (as a progress move), of the service and applicant it names. Found by a tester (probe 8):
 * a DPO kiosk transaction on GD/MO case-0016 was "applied".
 */
function kioskRefusal(event: ValidEvent, get: Lookup): Rejection | null {
  if (event.type !== 'hk.cbps.kiosk.transaction-completed') return null;
  const { caseId, serviceId, applicantRef } = event.data as { caseId: string; serviceId: string; applicantRef: string };
  const kase = get('Case', caseId);
  if (!kase) return null;
  const why = caseRefusal({ partner: event.partner, kase, move: 'progress', get });
  if (why) return refuse('NOT_AUTHORISED_FOR_RECORD', why);
  if (kase.service !== serviceId)
    return refuse('SERVICE_MISMATCH', `service ${serviceId} is not the service of case ${kase.id} (${kase.service})`);
  if (kase.person !== applicantRef)
    return refuse(
      'SUBJECT_MISMATCH',
      `case ${kase.id} is ${kase.person}'s; the event names ${applicantRef} as applicant`,
    );
  return null;
}

export function authorise({ event, topic, get }: { event: ValidEvent; topic: string; get: Lookup }): Rejection | null {
  const partner = event.partner;
  const wrongTopic = offTopic(partner, topic);
  if (wrongTopic) return wrongTopic;
  const kinds = event.canonical.changes.map((c) => ({ change: c, kind: KIND_OF[c.label] }));
  // The agencies the event names (a service's or practice's agencyId): the owner it claims.
  const named = event.canonical.references.flatMap((r) => (r.label === 'Agency' ? [r.id] : []));
  const subject = event.canonical.references.find((r) => r.label === 'Person')?.id;
  if (event.type.includes('.enquiry.') && !grantFor(partner.authority, 'enquiry'))
    return refuse('NOT_AUTHORISED_FOR_RECORD', `${partner.source} may not send enquiries`);
  for (const { change, kind } of kinds) {
    const grant = kind ? grantFor(partner.authority, kind) : undefined;
    const kase = change.label === 'Case' && grant ? get('Case', change.id) : null;
    // An unknown case is refused as such by the reference check.
    const move = event.canonical.caseStatus?.move ?? 'decision';
    const caseWhy = kase ? caseRefusal({ partner, kase, move, get }) : null;
    if (caseWhy) return refuse('NOT_AUTHORISED_FOR_RECORD', caseWhy);
    if (change.label === 'Case' && grant) continue;
    if (!kind || !grant)
      return refuse(
        'NOT_AUTHORISED_FOR_RECORD',
        `${partner.source} may not create or change ${kind ?? change.label} records`,
      );
    const why = notOwned(grant, partner, { change, named: change.label === 'Consent' ? [] : named, subject }, get);
    if (why)
      return refuse(
        'NOT_AUTHORISED_FOR_RECORD',
        `${partner.source} may change ${kind} records of ${OWNER_TEXT[grant.owner](partner, grant)} only; ${change.label} ${change.id}: ${why}`,
      );
  }
  for (const change of event.canonical.changes) {
    const why = foreignRelated(change, event.canonical.references, get);
    if (why)
      return refuse(
        'NOT_AUTHORISED_FOR_RECORD',
        `${partner.source} may not relate its announcement to another agency's service; ${why}`,
      );
  }
  const kiosk = kioskRefusal(event, get);
  if (kiosk) return kiosk;
  const status = event.canonical.caseStatus;
  const kase = status ? get('Case', status.caseId) : null;
  if (status && kase && kase.service !== status.serviceId)
    return refuse(
      'SERVICE_MISMATCH',
      `service ${status.serviceId} is not the service of case ${kase.id} (${kase.service})`,
    );
  const person = event.canonical.personalData?.subject;
  if (status && kase && (kase.person !== status.applicant || (person !== undefined && person !== kase.person)))
    return refuse(
      'SUBJECT_MISMATCH',
      `case ${kase.id} is ${kase.person}'s; the event names ${kase.person !== status.applicant ? `${status.applicant} as applicant` : `personal data of ${person}`}`,
    );
  return null;
}
