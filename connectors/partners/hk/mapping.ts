/** The Hong Kong dialect mapped to the canonical model: status codes converted, ids used directly. */
import type { CaseStatus } from '../../../schema/domain/index.js';
import type { CanonicalEvent, Change, PersonalData, Reference } from '../canonical-event.js';
import { lookup } from '../contract-kit.js';
import { HK_MOVE, HK_STATUS, type HkData, type HkType } from './contracts.js';

const none = { changes: [], references: [], personalData: null, caseId: null, caseStatus: null } as const;

const status = (code: string | number): CaseStatus => lookup(HK_STATUS, code);
const services = (ids: readonly string[], field: string): Reference[] =>
  ids.map((id, i) => ({ label: 'Service', id, field: `${field}[${i}]` }));

function caseStatusChanged(d: HkData<'hk.gov.case.status-changed'>): CanonicalEvent {
  const personalData: PersonalData | null = d.personalData
    ? {
        subject: d.personalData.subjectId,
        categories: d.personalData.categories,
        controller: d.personalData.controllerId,
        consentId: d.personalData.consentId ?? null,
        idType: d.personalData.idType,
        idNumberMasked: d.personalData.idNumberMasked,
      }
    : null;
  return {
    subject: { field: 'data.caseId', value: d.caseId },
    changes: [{ label: 'Case', id: d.caseId, set: { status: status(d.status), updatedAt: d.statusChangedAt } }],
    references: [
      { label: 'Case', id: d.caseId, field: 'data.caseId' },
      { label: 'Service', id: d.serviceId, field: 'data.serviceId' },
      ...(personalData
        ? [{ label: 'Person' as const, id: personalData.subject, field: 'data.personalData.subjectId' }]
        : []),
    ],
    personalData,
    caseId: d.caseId,
    caseStatus: {
      caseId: d.caseId,
      serviceId: d.serviceId,
      status: status(d.status),
      previousStatus: d.previousStatus ? status(d.previousStatus) : null,
      move: lookup(HK_MOVE, d.status),
      changedAt: d.statusChangedAt,
      applicant: d.applicantRef,
    },
  };
}

type Mapper<T extends HkType> = (data: HkData<T>) => CanonicalEvent;

export const HK_MAPPINGS: { [T in HkType]: Mapper<T> } = {
  'hk.td.licence-application.status-changed': caseStatusChanged,
  'hk.gov.case.status-changed': caseStatusChanged,
  'hk.gov.service.updated': (d) => ({
    ...none,
    subject: { field: 'data.serviceId', value: d.serviceId },
    changes: [
      {
        label: 'Service',
        id: d.serviceId,
        set: {
          title: d.title,
          channels: d.channels,
          crossBoundary: d.crossBoundary,
          zeroRedirection: d.zeroRedirection,
          paperless: d.paperless,
          faceToFaceRequired: d.faceToFaceRequired,
          url: d.url,
          updatedAt: d.effectiveDate,
        },
      },
    ],
    references: [
      { label: 'Service', id: d.serviceId, field: 'data.serviceId' },
      { label: 'Agency', id: d.agencyId, field: 'data.agencyId' },
    ],
  }),
  'hk.gov.announcement.published': (d) => {
    const record = {
      agency: d.agencyId,
      jurisdiction: 'HK',
      title: d.title,
      body: d.body,
      kind: d.kind,
      importance: d.importance,
      effectiveFrom: d.effectiveFrom,
      publishedAt: d.publishedAt,
      relatedServices: d.relatedServices,
      sourceUrl: d.sourceUrl,
    };
    return {
      ...none,
      subject: { field: 'data.announcementId', value: d.announcementId },
      changes: [
        {
          label: 'Announcement',
          id: d.announcementId,
          set: record,
          create: { ...record, synthetic: false },
        } satisfies Change,
      ],
      references: [
        { label: 'Agency', id: d.agencyId, field: 'data.agencyId' },
        ...services(d.relatedServices, 'data.relatedServices'),
      ],
    };
  },
  'hk.gov.practice.shared': (d) => ({
    ...none,
    subject: { field: 'data.practiceId', value: d.practiceId },
    changes: [
      {
        label: 'Practice',
        id: d.practiceId,
        set: { title: d.title, topics: d.topics, relatedServices: d.relatedServices },
      },
    ],
    references: [
      { label: 'Practice', id: d.practiceId, field: 'data.practiceId' },
      { label: 'Agency', id: d.agencyId, field: 'data.agencyId' },
      ...d.topics.map((id, i) => ({ label: 'Topic' as const, id, field: `data.topics[${i}]` })),
      ...services(d.relatedServices, 'data.relatedServices'),
    ],
  }),
  'hk.iamsmart.consent.granted': (d) => {
    const record = {
      subject: d.subjectRef,
      controller: d.controllerId,
      recipient: d.recipientId,
      recipientJurisdiction: d.recipientJurisdiction,
      purpose: d.purpose,
      dataCategories: d.dataCategories,
      legalBasis: d.legalBasis,
      grantedAt: d.grantedAt,
      expiresAt: d.expiresAt,
      revokedAt: null,
      case: d.caseId,
    };
    return {
      ...none,
      subject: { field: 'data.consentId', value: d.consentId },
      changes: [
        { label: 'Consent', id: d.consentId, set: record, create: { ...record, version: 1, synthetic: false } },
      ],
      references: [
        { label: 'Person', id: d.subjectRef, field: 'data.subjectRef' },
        { label: 'Agency', id: d.controllerId, field: 'data.controllerId' },
        { label: 'Agency', id: d.recipientId, field: 'data.recipientId' },
        ...(d.caseId ? [{ label: 'Case' as const, id: d.caseId, field: 'data.caseId' }] : []),
      ],
    };
  },
  'hk.iamsmart.consent.revoked': (d) => ({
    ...none,
    subject: { field: 'data.consentId', value: d.consentId },
    changes: [{ label: 'Consent', id: d.consentId, set: { revokedAt: d.revokedAt } }],
    references: [{ label: 'Person', id: d.subjectRef, field: 'data.subjectRef' }],
  }),
  // No canonical record of enquiries yet: validated, deduplicated and recorded, nothing changes.
  'hk.1823.enquiry.received': (d) => ({
    ...none,
    subject: { field: 'data.enquiryNo', value: d.enquiryNo },
    references: [
      ...(d.serviceId ? [{ label: 'Service' as const, id: d.serviceId, field: 'data.serviceId' }] : []),
      ...(d.topicId ? [{ label: 'Topic' as const, id: d.topicId, field: 'data.topicId' }] : []),
    ],
  }),
  'hk.cbps.kiosk.transaction-completed': (d) => ({
    ...none,
    subject: { field: 'data.caseId', value: d.caseId },
    references: [
      { label: 'Case', id: d.caseId, field: 'data.caseId' },
      { label: 'Service', id: d.serviceId, field: 'data.serviceId' },
    ],
  }),
};
