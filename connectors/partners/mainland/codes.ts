/** Code tables of the Mainland dialect (deploy/seed/gba/README.md lists them). */
import type { CaseStatus, DataCategory, JurisdictionId } from '../../../schema/domain/index.js';
import type { CaseMove } from '../canonical-event.js';

export const CN_STATUS: Readonly<Record<string, CaseStatus>> = {
  '10': 'submitted',
  '20': 'in-review',
  '21': 'in-review',
  '30': 'needs-info',
  '40': 'approved',
  '50': 'rejected',
  '60': 'closed',
  '90': 'closed',
};

/** What each status code does to a case (../canonical-event.ts): 60 申请人撤回 is the applicant's withdrawal. */
export const CN_MOVE: Readonly<Record<string, CaseMove>> = {
  '10': 'progress',
  '20': 'progress',
  '21': 'progress',
  '30': 'progress',
  '40': 'decision',
  '50': 'decision',
  '60': 'withdrawal',
  '90': 'decision',
};

export const CN_SERVICES: Readonly<Record<string, string>> = {
  '440300ISZ0001': 'svc-sz-ishenzhen-portal',
  '440300ISZ0002': 'svc-sz-shenxiaoi',
  '440304ISZ0003': 'svc-sz-futian-ai-fuwu',
  '440300ISZ0004': 'svc-sz-ishenzhen-hk-mo-zone',
  '440000YSS0001': 'svc-gd-yueshengshi',
  '440000YSS0002': 'svc-gd-yss-hk-mo-zone',
  '440000GAT0001': 'svc-gd-residence-permit',
  '440000GAT0002': 'svc-gd-home-return-permit',
  '440000RST0001': 'svc-gd-hk-mo-social-insurance',
  '440000ZSJ0001': 'svc-gd-wanshitong',
  '440000ZSJ0002': 'svc-gd-cbps-yuezhizhu',
  '440000ZSJ0003': 'svc-gd-yueshangtong',
  '440000RHG0001': 'svc-gd-yuexinrong-validation',
  '440100SHB0001': 'svc-gz-suihaoban',
  '440100SHB0002': 'svc-gz-12345-hotline',
  '440115NSZ0001': 'svc-gz-nansha-self-service',
};

export const CN_AGENCIES: Readonly<Record<string, string>> = {
  '440300-ZSJ': 'sz-gov-data-bureau',
  '440304-ZSJ': 'sz-futian-data-bureau',
  '440307-ZSJ': 'sz-longgang-data-bureau',
  '440100-ZSJ': 'gz-gov-data-bureau',
  '440115-ZWZX': 'gz-nansha-gov-service-center',
  '440000-ZSJ': 'gd-gov-data-bureau',
  '440000-GAT': 'gd-psd',
  '440000-RST': 'gd-hrss',
  '440000-RHG': 'gd-pboc',
  '810000-TD': 'hk-td',
  '810000-DPO': 'hk-dpo',
  '810000-EFFO': 'hk-efficiency-office',
  '810000-EDB': 'hk-edb',
  '810000-BD': 'hk-bd',
  '810000-IMMD': 'hk-immd',
  '810000-IRD': 'hk-ird',
  '810000-CR': 'hk-cr',
  '810000-PCPD': 'hk-pcpd',
  '810000-ITIB': 'hk-itib',
  '810000-HKGAI': 'hk-hkgai',
  '820000-AMCM': 'mo-amcm',
};

export const CN_REGIONS: Readonly<Record<string, JurisdictionId>> = {
  '810000': 'HK',
  '820000': 'MO',
  '440000': 'GD',
  '440300': 'SZ',
  '440100': 'GZ',
};

/** The jurisdiction of an agency code: its GB/T 2260 prefix, districts rolled up to their city. */
export function regionOfAgencyCode(agencyCode: string): JurisdictionId {
  const prefix = agencyCode.slice(0, 6);
  return CN_REGIONS[prefix] ?? CN_REGIONS[`${prefix.slice(0, 4)}00`] ?? 'GD';
}

export const CN_CATEGORIES: Readonly<Record<string, DataCategory>> = {
  shenfen: 'identity',
  lianxi: 'contact',
  jiashi: 'driving-record',
  dizhi: 'address',
  jiankang: 'health',
  caiwu: 'financial',
};

export const CN_CHANNELS = {
  '01': 'online',
  '02': 'app',
  '03': 'kiosk',
  '04': 'counter',
  '05': 'phone',
} as const;

export const CN_PURPOSES: Readonly<Record<string, string>> = {
  A01: 'licence-conversion',
  B02: 'credit-report-verification',
  B03: 'credit-data-verification',
  C01: 'residence-permit-application',
  C02: 'social-security-enrolment',
  D01: 'identity-verification',
};

export const CN_ID_TYPES: Readonly<Record<string, string>> = {
  '111': 'MainlandID',
  '516': 'HomeReturnPermit',
  '990': 'HKID',
};

export const CN_ANNOUNCEMENT_KINDS = {
  '1': 'policy-adjustment',
  '2': 'procedure-update',
  '3': 'service-outage',
  '4': 'new-service',
} as const;

export const CN_IMPORTANCE = { '1': 'major', '2': 'normal' } as const;

export const CN_TAGS: Readonly<Record<string, string>> = {
  人工智能: 'ai-assistant',
  政务热线: 'enquiry-hotlines',
  跨境通办: 'cross-boundary-services',
  数据核验: 'data-exchange',
  自助服务: 'kiosks',
  数字身份: 'digital-identity',
  社会保障: 'social-security',
  一网通办: 'zero-redirection',
  商事登记: 'business-registration',
  个人信息保护: 'privacy',
  证件办理: 'residence-documents',
  驾驶证: 'driving-licence',
  公告: 'announcements',
  教育: 'education',
  医疗: 'healthcare',
};

/** 单独同意 (separate consent, PIPL art. 39) is the only legal basis the platform accepts. */
export const CN_LEGAL_BASIS: Readonly<Record<string, 'consent'>> = { 单独同意: 'consent' };

/** The code a table gives a platform value (the reverse of a lookup), or undefined when it has none. */
export function codeFor(table: Readonly<Record<string, unknown>>, value: string): string | undefined {
  return Object.keys(table).find((code) => table[code] === value);
}
