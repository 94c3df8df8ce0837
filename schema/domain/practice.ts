import { z } from 'zod';
import {
  Author,
  IsoDate,
  JurisdictionId,
  LocalizedText,
  Provenance,
  RequestMark,
  Slug,
  Timestamp,
  Url,
} from './common.js';

export const Outcome = z.object({
  metric: Slug,
  value: z.number().finite(),
  unit: z.string().min(1),
  asOf: IsoDate,
  sourceUrl: Url.nullable().optional(),
  synthetic: z.boolean(),
});
export type Outcome = z.infer<typeof Outcome>;

/** A best practice or case study shared among officials. */
export const Practice = z
  .object({
    id: Slug,
    title: LocalizedText,
    summary: LocalizedText,
    problem: LocalizedText,
    approach: LocalizedText,
    results: LocalizedText,
    lessons: LocalizedText,
    jurisdiction: JurisdictionId,
    agency: Slug,
    topics: z.array(Slug),
    adoptedBy: z.array(JurisdictionId),
    relatedServices: z.array(Slug),
    inspiredBy: z.array(Slug),
    outcomes: z.array(Outcome),
    publishedAt: IsoDate,
    /** 1 for a practice as first published; each published edit adds one (earlier ones: PracticeVersion). */
    version: z.number().int().min(1).optional(),
    /** When the current version was published, to the second. */
    updatedAt: Timestamp.optional(),
    /** The official who published the current version; absent for records of the data set. */
    sharedBy: Author.optional(),
    /** The share request that published the current version; absent for records of the data set. */
    request: RequestMark.optional(),
  })
  .extend(Provenance.shape);
export type Practice = z.infer<typeof Practice>;
