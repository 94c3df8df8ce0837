/**
 * The Mainland dialect mapped to the canonical model: codes converted through ./codes.ts, China
 * Standard Time stamps given their +08:00 offset, Simplified Chinese text set as `zhHans`.
 */
import type { CanonicalEvent, PersonalData } from '../canonical-event.js';
import { cstToRfc3339, lookup } from '../contract-kit.js';
import {
  CN_AGENCIES,
  CN_ANNOUNCEMENT_KINDS,
  CN_CATEGORIES,
  CN_CHANNELS,
  CN_ID_TYPES,
  CN_IMPORTANCE,
  CN_MOVE,
  CN_PURPOSES,
  CN_REGIONS,
  CN_SERVICES,
  CN_STATUS,
  CN_TAGS,
  regionOfAgencyCode,
} from './codes.js';
import type { CnData, CnType } from './contracts.js';

const none = { changes: [], references: [], personalData: null, caseId: null, caseStatus: null } as const;
const services = (codes: readonly (string | number)[]) => codes.map((c) => lookup(CN_SERVICES, c));
const agency = (c: string | number) => lookup(CN_AGENCIES, c);

function serviceUpdated(d: CnData<'cn.gd.service.updated'>): CanonicalEvent {
  const id = lookup(CN_SERVICES, d.shixiang_bm);
  return {
    ...none,
    subject: { field: 'data.shixiang_bm', value: String(d.shixiang_bm) },
    changes: [
      {
        label: 'Service',
        id,
        set: {
          title: { zhHans: d.shixiang_mc },
          channels: d.qudao.map((c) => lookup(CN_CHANNELS, c)),
          crossBoundary: d.kuajing_bz === 1,
          zeroRedirection: d.ling_tiaozhuan_bz === 1,
          paperless: d.wuzhihua_bz === 1,
          faceToFaceRequired: d.xu_daochang_bz === 1,
          ...(d.fuwu_dz ? { url: d.fuwu_dz } : {}),
          updatedAt: d.shengxiao_sj.slice(0, 10),
        },
      },
    ],
    // The owner it claims, as the Hong Kong dialect's agencyId: the authorise step refuses one that is
    // not the service's own (found by a tester, probe 9: Yueshengshi's own service naming gd-psd).
    references: [
      { label: 'Service', id, field: 'data.shixiang_bm' },
      { label: 'Agency', id: agency(d.bumen_bm), field: 'data.bumen_bm' },
    ],
  };
}

function practiceShared(d: CnData<'cn.gd.practice.shared'>): CanonicalEvent {
  const related = services(d.guanlian_sx);
  return {
    ...none,
    subject: { field: 'data.jingyan_bh', value: d.jingyan_bh },
    changes: [
      {
        label: 'Practice',
        id: d.jingyan_bh,
        set: {
          title: { zhHans: d.biaoti },
          summary: { zhHans: d.zhaiyao },
          topics: d.biaoqian.map((t) => lookup(CN_TAGS, t)),
          relatedServices: related,
        },
      },
    ],
    references: [
      { label: 'Practice', id: d.jingyan_bh, field: 'data.jingyan_bh' },
      { label: 'Agency', id: agency(d.laiyuan_bm), field: 'data.laiyuan_bm' },
      ...related.map((id, i) => ({ label: 'Service' as const, id, field: `data.guanlian_sx[${i}]` })),
    ],
  };
}

type Mapper<T extends CnType> = (data: CnData<T>) => CanonicalEvent;

export const CN_MAPPINGS: { [T in CnType]: Mapper<T> } = {
  'cn.gd.case.status-changed': (d) => {
    const g = d.geren_xinxi;
    const personalData: PersonalData | null = g
      ? {
          subject: g.zhuti_bh,
          categories: g.leibie.map((c) => lookup(CN_CATEGORIES, c)),
          controller: agency(g.kongzhizhe_bm),
          consentId: g.shouquan_bh ?? null,
          idType: lookup(CN_ID_TYPES, g.zhengjian_lx),
          idNumberMasked: g.zhengjian_hm,
        }
      : null;
    const serviceId = lookup(CN_SERVICES, d.shixiang_bm);
    const changedAt = cstToRfc3339(d.gengxin_sj);
    const status = lookup(CN_STATUS, d.banli_zt);
    return {
      subject: { field: 'data.banjian_bh', value: d.banjian_bh },
      changes: [{ label: 'Case', id: d.pingtai_ajbh, set: { status, updatedAt: changedAt } }],
      references: [
        { label: 'Case', id: d.pingtai_ajbh, field: 'data.pingtai_ajbh' },
        { label: 'Service', id: serviceId, field: 'data.shixiang_bm' },
        { label: 'Person', id: d.shenqingren_bh, field: 'data.shenqingren_bh' },
        ...(personalData
          ? [{ label: 'Person' as const, id: personalData.subject, field: 'data.geren_xinxi.zhuti_bh' }]
          : []),
      ],
      personalData,
      caseId: d.pingtai_ajbh,
      caseStatus: {
        caseId: d.pingtai_ajbh,
        serviceId,
        status,
        previousStatus: d.shangyi_zt === null ? null : lookup(CN_STATUS, d.shangyi_zt),
        move: lookup(CN_MOVE, d.banli_zt),
        changedAt,
        applicant: d.shenqingren_bh,
      },
    };
  },
  'cn.sz.ishenzhen.service.updated': serviceUpdated,
  'cn.gz.suihaoban.service.updated': serviceUpdated,
  'cn.gd.service.updated': serviceUpdated,
  'cn.gd.announcement.published': (d) => {
    const relatedServices = services(d.guanlian_sx);
    const record = {
      agency: agency(d.bumen_bm),
      jurisdiction: regionOfAgencyCode(String(d.bumen_bm)),
      title: { zhHans: d.biaoti },
      body: { zhHans: d.zhengwen },
      kind: lookup(CN_ANNOUNCEMENT_KINDS, d.leixing),
      importance: lookup(CN_IMPORTANCE, d.zhongyao_cd),
      effectiveFrom: d.shengxiao_rq,
      publishedAt: cstToRfc3339(d.fabu_sj),
      relatedServices,
    };
    return {
      ...none,
      subject: { field: 'data.gonggao_bh', value: d.gonggao_bh },
      changes: [
        {
          label: 'Announcement',
          id: d.gonggao_bh,
          set: record,
          create: { ...record, sourceUrl: null, synthetic: false },
        },
      ],
      references: relatedServices.map((id, i) => ({ label: 'Service' as const, id, field: `data.guanlian_sx[${i}]` })),
    };
  },
  'cn.gz.practice.shared': practiceShared,
  'cn.sz.practice.shared': practiceShared,
  'cn.gd.practice.shared': practiceShared,
  'cn.gd.authorization.granted': (d) => {
    const record = {
      subject: d.shouquanren_bh,
      controller: agency(d.kongzhizhe_bm),
      recipient: agency(d.jieshoufang_bm),
      recipientJurisdiction: lookup(CN_REGIONS, d.jieshoufang_ssd),
      purpose: lookup(CN_PURPOSES, d.mudi_dm),
      dataCategories: d.leibie.map((c) => lookup(CN_CATEGORIES, c)),
      legalBasis: 'consent',
      grantedAt: cstToRfc3339(d.shouquan_sj),
      expiresAt: cstToRfc3339(d.youxiao_qz),
      revokedAt: null,
      case: d.pingtai_ajbh,
    };
    return {
      ...none,
      subject: { field: 'data.shouquan_bh', value: d.shouquan_bh },
      changes: [
        { label: 'Consent', id: d.shouquan_bh, set: record, create: { ...record, version: 1, synthetic: false } },
      ],
      references: [
        { label: 'Person', id: d.shouquanren_bh, field: 'data.shouquanren_bh' },
        ...(d.pingtai_ajbh ? [{ label: 'Case' as const, id: d.pingtai_ajbh, field: 'data.pingtai_ajbh' }] : []),
      ],
    };
  },
  'cn.gd.authorization.expired': (d) => ({
    ...none,
    subject: { field: 'data.shouquan_bh', value: d.shouquan_bh },
    changes: [{ label: 'Consent', id: d.shouquan_bh, set: { expiresAt: cstToRfc3339(d.shixiao_sj) } }],
    references: [{ label: 'Person', id: d.shouquanren_bh, field: 'data.shouquanren_bh' }],
  }),
};
