/**
 * Partner events for the pipeline's step tests: a Hong Kong case status of case-0006 (p-0006,
 * handled in GD by gd-psd under consent con-0003 of the sample data set), delivered as the
 * transport would deliver it, and admitted as the admit step makes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { admit } from '../../connectors/pipeline/admit.js';
import { toBinary } from '../../connectors/pipeline/cloudevents.js';
import { DEFAULT_LIMITS } from '../../connectors/pipeline/door.js';
import type { ValidEvent } from '../../connectors/pipeline/validate.js';
import { type DeliveredMessage, TOPICS } from '../../connectors/transport/event-transport.port.js';

export const NOW = new Date('2026-11-15T12:00:00+08:00');

type Json = Record<string, unknown>;

/** An `hk.gov.case.status-changed` of case-0006 from the DPO; `data` fields replace the defaults. */
export function caseStatus(id: string, data: Json = {}, envelope: Json = {}): Json {
  const day = '2026-09-01T10:00:00+08:00';
  return {
    specversion: '1.0',
    id,
    source: 'urn:gba:hk:dpo',
    type: 'hk.gov.case.status-changed',
    subject: 'case-0006',
    time: day,
    datacontenttype: 'application/json',
    ...envelope,
    data: {
      applicationNo: 'DPO/2026/000601',
      caseId: 'case-0006',
      serviceId: 'svc-gd-residence-permit',
      applicantRef: 'p-0006',
      previousStatus: null,
      status: 'UNDER_PROCESSING',
      statusChangedAt: day,
      ...data,
    },
  };
}

/** The personal-data block of a case-0006 status: p-0006's identity from hk-dpo under con-0003. */
export const PERSONAL = {
  subjectId: 'p-0006',
  idType: 'HKID',
  idNumberMasked: 'A123***(*)',
  categories: ['identity'],
  controllerId: 'hk-dpo',
  consentId: 'con-0003',
};

let offset = 0;

/** The event as the transport delivers it, in binary mode on `topic`. */
export function delivered(
  event: Json,
  { topic = TOPICS.inboundHk as string, headers = {} as Record<string, string> } = {},
): DeliveredMessage {
  const m = toBinary(event);
  return {
    ...m,
    headers: { ...m.headers, ...headers },
    key: String(event.subject ?? ''),
    topic,
    partition: 0,
    offset: String(offset++),
    timestamp: String(NOW.getTime()),
  };
}

/** The event as the admit step lets it in; throws if it does not. */
export function valid(event: Json, topic?: string): ValidEvent {
  const { validated } = admit(delivered(event, { topic }), { limits: DEFAULT_LIMITS, now: NOW });
  if (!validated.ok) throw new Error(`${validated.rejection.code}: ${validated.rejection.message}`);
  return validated.event;
}

/** One event of the sample partner events (deploy/seed/gba/events/), by file and id. */
export function sample(file: 'hk-inbound' | 'mainland-inbound', id: string): Json {
  const text = readFileSync(join(import.meta.dirname, `../../deploy/seed/gba/events/${file}.jsonl`), 'utf8');
  const found = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json)
    .find((e) => e.id === id);
  if (!found) throw new Error(`no sample event ${id} in ${file}`);
  return found;
}

/**
 * iAM Smart's grant of consent `consentId`: p-0002's identity, hk-dpo to gz-gov-data-bureau, for
 * case-0012, granted `grantedAt` (the event's time too); `data` fields replace the defaults.
 */
export function iamSmartGrant(consentId: string, grantedAt: string, data: Json = {}): Json {
  return {
    specversion: '1.0',
    id: `grant-${consentId}`,
    source: 'urn:gba:hk:dpo:iamsmart',
    type: 'hk.iamsmart.consent.granted',
    subject: consentId,
    time: grantedAt,
    datacontenttype: 'application/json',
    data: {
      consentId,
      subjectRef: 'p-0002',
      controllerId: 'hk-dpo',
      recipientId: 'gz-gov-data-bureau',
      recipientJurisdiction: 'GZ',
      purpose: 'identity-verification',
      dataCategories: ['identity'],
      legalBasis: 'consent',
      grantedAt,
      expiresAt: '2027-02-20T23:59:59+08:00',
      caseId: 'case-0012',
      channel: 'iamsmart-app',
      ...data,
    },
  };
}
