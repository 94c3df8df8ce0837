/**
 * Contracts of the events the platform sends of its own (version 1), beside the partner dialects it
 * also speaks outbound (shared practices go out as `hk.gov.practice.shared` / `cn.gd.practice.shared`).
 * The AsyncAPI document is generated from these, and tests check outbound events against them.
 */
import { z } from 'zod';
import { Announcement, CaseStatus, DataCategory, JurisdictionId, Slug, Timestamp } from '../../schema/domain/index.js';
import { ANNOUNCEMENT_TYPE, OUTBOUND_TYPE, QUESTION_TYPE } from './outbound.js';

export const PLATFORM_CONTRACTS = {
  [OUTBOUND_TYPE]: z
    .object({
      caseId: z.string().min(1),
      serviceId: z.string().min(1),
      status: CaseStatus,
      previousStatus: CaseStatus.nullable(),
      changedAt: Timestamp,
      handlingJurisdiction: JurisdictionId,
      originJurisdiction: JurisdictionId,
      recipient: z.object({ jurisdiction: JurisdictionId, agency: z.string().nullable() }),
      personalData: z
        .object({
          subjectId: z.string().min(1),
          categories: z.array(DataCategory).min(1),
          idType: z.string().optional(),
          idNumberMasked: z.string().optional(),
        })
        .nullable()
        .describe('Only the categories the consent rule lets the recipient see, decided when sent.'),
      personalDataWithheld: z.array(DataCategory),
    })
    .describe('A case changed status on one side; sent to the counterpart side of the case.'),
  [ANNOUNCEMENT_TYPE]: Announcement.omit({
    request: true,
    publishedBy: true,
    versions: true,
    withdrawnBy: true,
    correctedBy: true,
  })
    .extend({ change: z.enum(['published', 'corrected', 'withdrawn']) })
    .describe('An announcement published, corrected or withdrawn on one side, for the other.'),
  [QUESTION_TYPE]: z
    .object({
      questionId: Slug,
      practiceId: Slug,
      owner: z.object({ agency: Slug, jurisdiction: JurisdictionId }),
      askedBy: z.object({ agency: Slug, jurisdiction: JurisdictionId }),
      text: z.string().min(1),
      askedAt: Timestamp,
    })
    .describe('A question put to the agency that owns a practice; sent to the owner’s side.'),
} as const;

export type PlatformType = keyof typeof PLATFORM_CONTRACTS;
