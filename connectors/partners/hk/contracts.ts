/**
 * Contracts of the Hong Kong dialect (version 1 of each type): camelCase English keys, ISO 8601 times
 * with offsets, text in English and Traditional Chinese, platform ids used directly.
 */
import { z } from 'zod';
import { DataCategory, JurisdictionId } from '../../../schema/domain/index.js';
import type { CaseMove } from '../canonical-event.js';
import { calendarDate, code, hkText, hkTimestamp } from '../contract-kit.js';

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

const PersonalData = z.object({
  subjectId: z.string().min(1),
  idType: z.string().min(1),
  idNumberMasked: z.string().min(1),
  categories: z.array(DataCategory).min(1),
  controllerId: z.string().min(1),
  consentId: z.string().min(1).nullable().optional(),
});

const CaseStatusChanged = z.object({
  applicationNo: z.string().min(1),
  caseId: z.string().min(1),
  serviceId: z.string().min(1),
  applicantRef: z.string().min(1),
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
    serviceId: z.string().min(1),
    agencyId: z.string().min(1),
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
    announcementId: z.string().min(1),
    agencyId: z.string().min(1),
    kind: z.enum(['policy-adjustment', 'procedure-update', 'service-outage', 'new-service']),
    importance: z.enum(['major', 'normal']),
    title: hkText,
    body: hkText,
    effectiveFrom: calendarDate,
    publishedAt: hkTimestamp,
    relatedServices: z.array(z.string().min(1)),
    sourceUrl: z.url().nullable(),
  }),
  'hk.gov.practice.shared': z.object({
    practiceId: z.string().min(1),
    agencyId: z.string().min(1),
    title: hkText,
    topics: z.array(z.string().min(1)),
    relatedServices: z.array(z.string().min(1)),
    sharedAt: hkTimestamp,
    audience: z.array(JurisdictionId),
    synthetic: z.boolean(),
  }),
  'hk.iamsmart.consent.granted': z.object({
    consentId: z.string().min(1),
    subjectRef: z.string().min(1),
    controllerId: z.string().min(1),
    recipientId: z.string().min(1),
    recipientJurisdiction: JurisdictionId,
    purpose: z.string().min(1),
    dataCategories: z.array(DataCategory).min(1),
    legalBasis: z.literal('consent'),
    grantedAt: hkTimestamp,
    expiresAt: hkTimestamp,
    caseId: z.string().min(1).nullable(),
    channel: z.string().min(1),
  }),
  'hk.iamsmart.consent.revoked': z.object({
    consentId: z.string().min(1),
    subjectRef: z.string().min(1),
    revokedAt: hkTimestamp,
    reason: hkText.optional(),
  }),
  'hk.1823.enquiry.received': z.object({
    enquiryNo: z.string().min(1),
    channel: z.enum(['chatbot', 'hotline', 'app', 'email']),
    language: z.string().min(2),
    serviceId: z.string().min(1).nullable(),
    topicId: z.string().min(1).nullable(),
    receivedAt: hkTimestamp,
    handledBy: z.enum(['chatbot', 'agent']),
    resolved: z.boolean(),
    referredTo: z.string().nullable(),
    summary: hkText,
  }),
  'hk.cbps.kiosk.transaction-completed': z.object({
    kioskId: z.string().min(1),
    hostJurisdiction: JurisdictionId,
    hostCentre: hkText,
    serviceId: z.string().min(1),
    caseId: z.string().min(1),
    applicantRef: z.string().min(1),
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
