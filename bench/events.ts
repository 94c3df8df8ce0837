/**
 * Synthetic partner events for the ingest benchmark and the crash test: consent grants (each creates
 * a record, so a lost event shows), service updates and Hong Kong case status changes carrying
 * personal data under consent con-0001 (so the consent gate and the audit log work), in event-time
 * order per subject.
 */
export function syntheticEvents(total: number, { prefix = 'bench' } = {}): Record<string, unknown>[] {
  const base = Date.parse('2026-02-01T00:00:00+08:00');
  const at = (i: number) => new Date(base + i * 1000).toISOString().replace('Z', '+00:00');
  const persons = Array.from({ length: 12 }, (_, i) => `p-${String(i + 1).padStart(4, '0')}`);
  const services = ['svc-hk-td-direct-issue-dl', 'svc-hk-1823-enquiry', 'svc-hk-cbps-kiosk-mo'];
  // Each service's own agency, and that agency's system: a system changes only its own agency's services
  // (NOT_AUTHORISED_FOR_RECORD otherwise, also for an update naming another agency as owner).
  const agencies = ['hk-td', 'hk-efficiency-office', 'hk-dpo'];
  const senders = ['urn:gba:hk:td', 'urn:gba:hk:1823', 'urn:gba:hk:dpo'];
  return Array.from({ length: total }, (_, i) => {
    const time = at(i);
    const id = `${prefix}-${String(i).padStart(7, '0')}`;
    switch (i % 4) {
      case 0:
      case 1:
        return {
          specversion: '1.0',
          id,
          source: 'urn:gba:hk:dpo:iamsmart',
          type: 'hk.iamsmart.consent.granted',
          subject: `con-${id}`,
          time,
          datacontenttype: 'application/json',
          data: {
            consentId: `con-${id}`,
            subjectRef: persons[i % persons.length],
            controllerId: 'hk-dpo',
            recipientId: 'gz-gov-data-bureau',
            recipientJurisdiction: 'GZ',
            purpose: 'identity-verification',
            dataCategories: ['identity'],
            legalBasis: 'consent',
            grantedAt: time,
            expiresAt: '2027-12-31T23:59:59+08:00',
            caseId: null,
            channel: 'iamsmart-app',
          },
        };
      case 2: {
        const serviceId = services[i % services.length];
        return {
          specversion: '1.0',
          id,
          source: senders[i % services.length],
          type: 'hk.gov.service.updated',
          subject: serviceId,
          time,
          datacontenttype: 'application/json',
          data: {
            serviceId,
            agencyId: agencies[i % services.length],
            version: i,
            changedFields: ['channels'],
            title: { en: `Service title revision ${i}`, zhHant: `服務名稱第${i}版` },
            channels: i % 8 === 2 ? ['online', 'app'] : ['online', 'phone'],
            crossBoundary: true,
            zeroRedirection: i % 3 === 0,
            paperless: true,
            faceToFaceRequired: false,
            effectiveDate: time.slice(0, 10),
            url: 'https://www.gov.hk',
          },
        };
      }
      default:
        return {
          specversion: '1.0',
          id,
          source: 'urn:gba:hk:td',
          type: 'hk.td.licence-application.status-changed',
          subject: 'case-0001',
          time,
          datacontenttype: 'application/json',
          data: {
            applicationNo: 'TD/DI/2026/000037',
            caseId: 'case-0001',
            serviceId: 'svc-hk-td-direct-issue-dl',
            applicantRef: 'p-0004',
            // Back and forth between the two, each from the status the case holds (STALE_PREVIOUS_STATUS else).
            previousStatus: i % 8 === 3 ? 'UNDER_PROCESSING' : 'DOCUMENTS_REQUIRED',
            status: i % 8 === 3 ? 'DOCUMENTS_REQUIRED' : 'UNDER_PROCESSING',
            statusChangedAt: time,
            licensingOffice: 'HKLO',
            personalData: {
              subjectId: 'p-0004',
              idType: 'MainlandID',
              idNumberMasked: '440300********0000',
              categories: ['identity'],
              controllerId: 'gd-psd',
              consentId: 'con-0001',
            },
          },
        };
    }
  });
}
