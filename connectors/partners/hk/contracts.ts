/**
 * Contracts of the Hong Kong dialect (version 1 of each type): camelCase English keys, ISO 8601 times
 * with offsets, text in English and Traditional Chinese, platform ids used directly.
 */
import { z } from 'zod';
import { DataCategory, JurisdictionId } from '../../../schema/domain/index.js';
import type { CaseMove } from '../canonical-event.js';
import { calendarDate, code, hkText, hkTimestamp, idOf } from '../contract-kit.js';

export const HK_STATUS = {
  RECEIVED: 'submitted',
  UNDER_PROCESSING: 'in-review',
  DOCUMENTS_REQUIRED: 'needs-info',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  COMPLETED: 'closed',
  WITHDRAWN: 'closed',
} as const;

/** What each status does to a case (../canonical-event.ts), which decides who may send it. */
export const HK_MOVE: Readonly<Record<keyof typeof HK_STATUS, CaseMove>> = {
  RECEIVED: 'progress',
  UNDER_PROCESSING: 'progress',
  DOCUMENTS_REQUIRED: 'progress',
  APPROVED: 'decision',
  REJECTED: 'decision',
  COMPLETED: 'decision',
  WITHDRAWN: 'withdrawal',
};

const hkStatus = code(HK_STATUS, 'status', 'SCHEMA_UNKNOWN_STATUS_CODE');

// The platform's records, named in the platform's own id forms (MALFORMED_ID otherwise).
const consentId = idOf('a consent', 'consent');
const personId = idOf('a person', 'person');
const caseId = idOf('a case', 'case');
const serviceId = idOf('a service', 'slug');
const agencyId = idOf('an agency', 'slug');
const slugId = (what: string) => idOf(what, 'slug');

const PersonalData = z.object({
  subjectId: personId,
  idType: z.string().min(1),
  idNumberMasked: z.string().min(1),
  categories: z.array(DataCategory).min(1),
  controllerId: agencyId,
  consentId: consentId.nullable().optional(),
});

const CaseStatusChanged = z.object({
  applicationNo: z.string().min(1),
  caseId,
  serviceId,
  applicantRef: personId,
  previousStatus: hkStatus.nullable(),
  status: hkStatus,
  statusChangedAt: hkTimestamp,
  remarks: hkText.optional(),
  personalData: PersonalData.optional(),
});

export const HK_CONTRACTS = {
  'hk.td.licence-application.status-changed': CaseStatusChanged.extend({
    licensingOffice: z.enum(['HKLO', 'KLO', 'KTLO', 'STLO']),
  }),
  'hk.gov.case.status-changed': CaseStatusChanged,
  'hk.gov.service.updated': z.object({
    serviceId,
    agencyId,
    version: z.number().int().min(1),
    changedFields: z.array(z.string()),
    title: hkText,
    channels: z.array(z.enum(['online', 'app', 'kiosk', 'counter', 'phone'])),
    crossBoundary: z.boolean(),
    zeroRedirection: z.boolean(),
    paperless: z.boolean(),
    faceToFaceRequired: z.boolean(),
    effectiveDate: calendarDate,
    url: z.url().nullable(),
  }),
  'hk.gov.announcement.published': z.object({
    announcementId: slugId('an announcement'),
    agencyId,
    kind: z.enum(['policy-adjustment', 'procedure-update', 'service-outage', 'new-service']),
    importance: z.enum(['major', 'normal']),
    title: hkText,
    body: hkText,
    effectiveFrom: calendarDate,
    publishedAt: hkTimestamp,
    relatedServices: z.array(serviceId),
    sourceUrl: z.url().nullable(),
  }),
  'hk.gov.practice.shared': z.object({
    practiceId: slugId('a practice'),
    agencyId,
    title: hkText,
    topics: z.array(slugId('a topic')),
    relatedServices: z.array(serviceId),
    sharedAt: hkTimestamp,
    audience: z.array(JurisdictionId),
    synthetic: z.boolean(),
  }),
  'hk.iamsmart.consent.granted': z.object({
    consentId,
    subjectRef: personId,
    controllerId: agencyId,
    recipientId: agencyId,
    recipientJurisdiction: JurisdictionId,
    purpose: slugId('a purpose'),
    dataCategories: z.array(DataCategory).min(1),
    legalBasis: z.literal('consent'),
    grantedAt: hkTimestamp,
    expiresAt: hkTimestamp,
    caseId: caseId.nullable(),
    channel: z.string().min(1),
  }),
  'hk.iamsmart.consent.revoked': z.object({
    consentId,
    subjectRef: personId,
    revokedAt: hkTimestamp,
    reason: hkText.optional(),
  }),
  'hk.1823.enquiry.received': z.object({
    enquiryNo: z.string().min(1),
    channel: z.enum(['chatbot', 'hotline', 'app', 'email']),
    language: z.string().min(2),
    serviceId: serviceId.nullable(),
    topicId: slugId('a topic').nullable(),
    receivedAt: hkTimestamp,
    handledBy: z.enum(['chatbot', 'agent']),
    resolved: z.boolean(),
    referredTo: agencyId.nullable(),
    summary: hkText,
  }),
  'hk.cbps.kiosk.transaction-completed': z.object({
    kioskId: z.string().min(1),
    hostJurisdiction: JurisdictionId,
    hostCentre: hkText,
    serviceId,
    caseId,
    applicantRef: personId,
    completedAt: hkTimestamp,
    documentsScanned: z.number().int().min(0),
    receiptPrinted: z.boolean(),
  }),
} as const;

export type HkType = keyof typeof HK_CONTRACTS;

/**
 * Of each type's times, those that say when something happened (a status change, a publication, a
 * transaction): a time ahead of the platform's clock is FUTURE_TIME, as the event's own `time` is
 * (../../pipeline/validate.ts). The others may lie ahead: a service change's or an announcement's
 * `effectiveDate` / `effectiveFrom` (it takes effect later), a consent's `expiresAt`. A consent's
 * `grantedAt` and `revokedAt` are judged by the consent lifecycle (FUTURE_TIME too, an audited attempt).
 */
export const HK_HAPPENED_AT: { readonly [T in HkType]: readonly (keyof HkData<T> & string)[] } = {
  'hk.td.licence-application.status-changed': ['statusChangedAt'],
  'hk.gov.case.status-changed': ['statusChangedAt'],
  'hk.gov.service.updated': [],
  'hk.gov.announcement.published': ['publishedAt'],
  'hk.gov.practice.shared': ['sharedAt'],
  'hk.iamsmart.consent.granted': [],
  'hk.iamsmart.consent.revoked': [],
  'hk.1823.enquiry.received': ['receivedAt'],
  'hk.cbps.kiosk.transaction-completed': ['completedAt'],
};
/**
 * The payload field of each consent field the consent lifecycle may refuse (services/consent/lifecycle.ts
 * names its fields as the API does): a dead letter names the field the partner sent.
 */
export const HK_CONSENT_FIELDS: { readonly [T in HkType]?: Readonly<Record<string, keyof HkData<T> & string>> } = {
  'hk.iamsmart.consent.granted': {
    id: 'consentId',
    subject: 'subjectRef',
    controller: 'controllerId',
    recipient: 'recipientId',
    recipientJurisdiction: 'recipientJurisdiction',
    purpose: 'purpose',
    dataCategories: 'dataCategories',
    grantedAt: 'grantedAt',
    expiresAt: 'expiresAt',
    case: 'caseId',
  },
  'hk.iamsmart.consent.revoked': { id: 'consentId', subject: 'subjectRef', revokedAt: 'revokedAt' },
};
export type HkData<T extends HkType> = z.infer<(typeof HK_CONTRACTS)[T]>;
