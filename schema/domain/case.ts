import { z } from 'zod';
import { ID_FORMS, JurisdictionId, Slug, Timestamp } from './common.js';

export const CASE_STATUSES = ['submitted', 'in-review', 'needs-info', 'approved', 'rejected', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const DATA_CATEGORIES = ['identity', 'contact', 'driving-record', 'address', 'health', 'financial'] as const;
export const DataCategory = z.enum(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategory>;

/** A cross-boundary case. `person` points at personal data, disclosed only under the consent rule. */
export const Case = z.object({
  id: z.string().regex(ID_FORMS.case, 'must look like "case-0001"'),
  service: Slug,
  person: z.string().min(1),
  handlingJurisdiction: JurisdictionId,
  originJurisdiction: JurisdictionId,
  status: CaseStatus,
  personalDataCategories: z.array(DataCategory),
  submittedAt: Timestamp,
  updatedAt: Timestamp,
  practiceApplied: Slug.nullable(),
  synthetic: z.boolean(),
});
export type Case = z.infer<typeof Case>;
