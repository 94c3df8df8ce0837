/**
 * Contracts of the Mainland dialect (version 1 of each type): snake_case pinyin abbreviations,
 * `yyyy-MM-dd HH:mm:ss` China Standard Time, numeric status codes, 0/1 flags, Mainland codes for
 * services and departments, Simplified Chinese text.
 */
import { z } from 'zod';
import { calendarDate, cnDateTime, code, idOf } from '../contract-kit.js';
import {
  CN_AGENCIES,
  CN_ANNOUNCEMENT_KINDS,
  CN_CATEGORIES,
  CN_CHANNELS,
  CN_ID_TYPES,
  CN_IMPORTANCE,
  CN_LEGAL_BASIS,
  CN_PURPOSES,
  CN_REGIONS,
  CN_SERVICES,
  CN_STATUS,
  CN_TAGS,
} from './codes.js';

const flag = z.union([z.literal(0), z.literal(1)]);
const text = z.string().max(65_536);
const service = code(CN_SERVICES, 'shixiang_bm', 'UNKNOWN_REFERENCE_SERVICE');
const agency = code(CN_AGENCIES, 'bumen_bm', 'UNKNOWN_REFERENCE_AGENCY');
// The platform's records the dialect names by the platform's own ids (MALFORMED_ID otherwise).
const consentId = idOf('a consent', 'consent');
const personId = idOf('a person', 'person');
const caseId = idOf('a case', 'case');

const GerenXinxi = z.object({
  zhuti_bh: personId,
  zhengjian_lx: code(CN_ID_TYPES, 'zhengjian_lx'),
  zhengjian_hm: z.string().min(1),
  leibie: z.array(code(CN_CATEGORIES, 'leibie')).min(1),
  kongzhizhe_bm: agency,
  shouquan_bh: consentId.nullable().optional(),
});

const ServiceUpdated = z.object({
  shixiang_bm: service,
  shixiang_mc: text.min(1),
  bumen_bm: agency,
  banben: z.number().int().min(1),
  biangeng_nr: z.array(z.string()),
  qudao: z.array(code(CN_CHANNELS, 'qudao')),
  kuajing_bz: flag,
  ling_tiaozhuan_bz: flag,
  wuzhihua_bz: flag,
  xu_daochang_bz: flag,
  shengxiao_sj: cnDateTime,
  fuwu_dz: z.union([z.url(), z.literal('')]),
});

const PracticeShared = z.object({
  jingyan_bh: idOf('a practice', 'slug'),
  biaoti: text.min(1),
  zhaiyao: text.min(1),
  laiyuan_bm: agency,
  biaoqian: z.array(code(CN_TAGS, 'biaoqian')),
  fabu_sj: cnDateTime,
  guanlian_sx: z.array(service),
});

export const CN_CONTRACTS = {
  'cn.gd.case.status-changed': z.object({
    banjian_bh: z.string().min(1),
    pingtai_ajbh: caseId,
    shixiang_bm: service,
    shixiang_mc: text,
    bumen_bm: agency,
    shenqingren_bh: personId,
    banli_zt: code(CN_STATUS, 'banli_zt', 'SCHEMA_UNKNOWN_STATUS_CODE'),
    banli_zt_mc: text,
    shangyi_zt: code(CN_STATUS, 'shangyi_zt', 'SCHEMA_UNKNOWN_STATUS_CODE').nullable(),
    gengxin_sj: cnDateTime,
    beizhu: text,
    geren_xinxi: GerenXinxi.optional(),
  }),
  'cn.sz.ishenzhen.service.updated': ServiceUpdated,
  'cn.gz.suihaoban.service.updated': ServiceUpdated,
  'cn.gd.service.updated': ServiceUpdated,
  'cn.gd.announcement.published': z.object({
    gonggao_bh: idOf('an announcement', 'slug'),
    bumen_bm: agency,
    biaoti: text.min(1),
    zhengwen: text.min(1),
    leixing: code(CN_ANNOUNCEMENT_KINDS, 'leixing'),
    zhongyao_cd: code(CN_IMPORTANCE, 'zhongyao_cd'),
    shengxiao_rq: calendarDate,
    fabu_sj: cnDateTime,
    guanlian_sx: z.array(service),
  }),
  'cn.gz.practice.shared': PracticeShared,
  'cn.sz.practice.shared': PracticeShared,
  'cn.gd.practice.shared': PracticeShared,
  'cn.gd.authorization.granted': z.object({
    shouquan_bh: consentId,
    shouquanren_bh: personId,
    kongzhizhe_bm: agency,
    jieshoufang_bm: agency,
    jieshoufang_ssd: code(CN_REGIONS, 'jieshoufang_ssd'),
    mudi_dm: code(CN_PURPOSES, 'mudi_dm'),
    leibie: z.array(code(CN_CATEGORIES, 'leibie')).min(1),
    falv_yiju: code(CN_LEGAL_BASIS, 'falv_yiju'),
    shouquan_sj: cnDateTime,
    youxiao_qz: cnDateTime,
    pingtai_ajbh: caseId.nullable(),
  }),
  'cn.gd.authorization.expired': z.object({
    shouquan_bh: consentId,
    shouquanren_bh: personId,
    shixiao_sj: cnDateTime,
    pingtai_ajbh: caseId.nullable(),
  }),
} as const;

export type CnType = keyof typeof CN_CONTRACTS;

/**
 * Of each type's times, those that say when something happened (更新时间, 发布时间): ahead of the
 * platform's clock they are FUTURE_TIME, as the event's own `time` is (../../pipeline/validate.ts).
 * The others may lie ahead: `shengxiao_sj` / `shengxiao_rq` (when a change takes effect), `youxiao_qz`
 * (a consent's end), `shixiao_sj` (an expiry brought forward to a later day). An authorisation's
 * `shouquan_sj` is judged by the consent lifecycle (FUTURE_TIME too, an audited attempt).
 */
export const CN_HAPPENED_AT: { readonly [T in CnType]: readonly (keyof CnData<T> & string)[] } = {
  'cn.gd.case.status-changed': ['gengxin_sj'],
  'cn.sz.ishenzhen.service.updated': [],
  'cn.gz.suihaoban.service.updated': [],
  'cn.gd.service.updated': [],
  'cn.gd.announcement.published': ['fabu_sj'],
  'cn.gz.practice.shared': ['fabu_sj'],
  'cn.sz.practice.shared': ['fabu_sj'],
  'cn.gd.practice.shared': ['fabu_sj'],
  'cn.gd.authorization.granted': [],
  'cn.gd.authorization.expired': [],
};
/** The payload field of each consent field the consent lifecycle may refuse, as HK_CONSENT_FIELDS. */
export const CN_CONSENT_FIELDS: { readonly [T in CnType]?: Readonly<Record<string, keyof CnData<T> & string>> } = {
  'cn.gd.authorization.granted': {
    id: 'shouquan_bh',
    subject: 'shouquanren_bh',
    controller: 'kongzhizhe_bm',
    recipient: 'jieshoufang_bm',
    recipientJurisdiction: 'jieshoufang_ssd',
    purpose: 'mudi_dm',
    dataCategories: 'leibie',
    grantedAt: 'shouquan_sj',
    expiresAt: 'youxiao_qz',
    case: 'pingtai_ajbh',
  },
  'cn.gd.authorization.expired': { id: 'shouquan_bh', subject: 'shouquanren_bh', expiresAt: 'shixiao_sj' },
};
export type CnData<T extends CnType> = z.infer<(typeof CN_CONTRACTS)[T]>;
