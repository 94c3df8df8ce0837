/**
 * `gba.consent.requested`: an agency asked a resident for consent. It goes to the resident's side
 * (the case's origin jurisdiction, where the resident's data and apps are: iAM Smart in Hong Kong,
 * iShenzhen and the other Mainland apps) so they can notify the resident, in that side's dialect:
 * Hong Kong's camelCase, or the Mainland's pinyin keys with Mainland codes and CST times. It carries
 * no personal values, only the person id the app knows the resident by. Macao has no partner system
 * yet: a request on a Macao-origin case sends nothing.
 */
import { z } from 'zod';
import { type ConsentRequest, DataCategory, JurisdictionId, Slug, Timestamp } from '../../schema/domain/index.js';
import type { OutboxMessage } from '../../services/graph/graph-store.port.js';
import { OUTBOUND_TOPIC, SIDE_OF, type Side } from '../partners/catalogue.js';
import { CN_AGENCIES, CN_CATEGORIES, CN_PURPOSES, CN_REGIONS, codeFor } from '../partners/mainland/codes.js';
import { platformEvent, toCst } from './outbound.js';

export const CONSENT_REQUESTED_TYPE = 'gba.consent.requested';

const cst = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD HH:mm:ss" (CST)');

/** The event's payload per receiving side (version 1). */
export const CONSENT_REQUESTED_CONTRACTS = {
  hk: z
    .object({
      requestId: z.string().min(1),
      caseId: z.string().min(1),
      subjectId: z.string().min(1).describe('The person id the resident’s app knows them by.'),
      requester: z.object({ agency: Slug, jurisdiction: JurisdictionId }),
      categories: z.array(DataCategory).min(1),
      purpose: Slug,
      expiresAt: Timestamp.describe('Until when the consent asked for would hold.'),
      answerBy: Timestamp.describe('The request lapses unanswered after this.'),
      note: z.string().nullable(),
      requestedAt: Timestamp,
    })
    .describe('An agency asks a Hong Kong resident for consent; sent to Hong Kong partner systems.'),
  mainland: z
    .object({
      qingqiu_bh: z.string().min(1).describe('Request id.'),
      pingtai_ajbh: z.string().min(1).describe('Platform case id.'),
      shouquanren_bh: z.string().min(1).describe('The person id (授权人).'),
      jieshoufang_bm: z.string().min(1).describe('Requesting agency: its Mainland code, or the platform id.'),
      jieshoufang_ssd: z.string().min(1).describe('Region code of the requesting agency.'),
      mudi_dm: z.string().min(1).describe('Purpose code, or the platform purpose where it has none.'),
      leibie: z.array(z.string().min(1)).min(1).describe('Category codes (shenfen, lianxi, …).'),
      youxiao_qz: cst.describe('Until when the consent would hold.'),
      dafu_qx: cst.describe('Answer by.'),
      fuyan: z.string().nullable(),
      qingqiu_sj: cst,
    })
    .describe('An agency asks a Mainland resident for consent; sent to Mainland partner systems.'),
} as const;

function payload(side: Side, r: ConsentRequest): Record<string, unknown> {
  if (side === 'hk')
    return {
      requestId: r.id,
      caseId: r.case,
      subjectId: r.subject,
      requester: { agency: r.requesterAgency, jurisdiction: r.requesterJurisdiction },
      categories: r.categories,
      purpose: r.purpose,
      expiresAt: r.expiresAt,
      answerBy: r.answerBy,
      note: r.note,
      requestedAt: r.createdAt,
    };
  return {
    qingqiu_bh: r.id,
    pingtai_ajbh: r.case,
    shouquanren_bh: r.subject,
    jieshoufang_bm: codeFor(CN_AGENCIES, r.requesterAgency) ?? r.requesterAgency,
    jieshoufang_ssd: codeFor(CN_REGIONS, r.requesterJurisdiction) ?? r.requesterJurisdiction,
    mudi_dm: codeFor(CN_PURPOSES, r.purpose) ?? r.purpose,
    leibie: r.categories.map((c) => codeFor(CN_CATEGORIES, c) ?? c),
    youxiao_qz: toCst(r.expiresAt),
    dafu_qx: toCst(r.answerBy),
    fuyan: r.note,
    qingqiu_sj: toCst(r.createdAt),
  };
}

/** The event for the resident's side, or null when that side has no partner systems. */
export function consentRequestedOutbound(
  request: ConsentRequest,
  originJurisdiction: JurisdictionId,
): OutboxMessage | null {
  const side = SIDE_OF[originJurisdiction];
  if (!side) return null;
  return platformEvent({
    topic: OUTBOUND_TOPIC[side],
    id: `${request.id}:requested`,
    type: CONSENT_REQUESTED_TYPE,
    subject: request.case,
    time: request.createdAt,
    data: payload(side, request),
  });
}
