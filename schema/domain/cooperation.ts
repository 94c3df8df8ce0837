/**
 * Regional cooperation records: what officials write (drafts and earlier versions of practices,
 * adoptions with outcomes, questions to a practice's owner and their answers). Each carries who
 * wrote it, taken from the writer's token, never from input.
 */
import { z } from 'zod';
import { Author, IsoDate, JurisdictionId, LocalizedText, RequestMark, Slug, Timestamp } from './common.js';
import { Outcome, Practice } from './practice.js';

/**
 * A practice saved but not yet published (one per practice id): seen only by officials of its agency.
 * Publishing closes it (`open: false`); it is kept, not deleted.
 */
export const PracticeDraft = Practice.extend({ savedAt: Timestamp, savedBy: Author, open: z.boolean() });
export type PracticeDraft = z.infer<typeof PracticeDraft>;

/** A published practice as it stood before an edit replaced it. */
export const PracticeVersion = z.object({
  id: Slug,
  practice: Slug,
  version: z.number().int().min(1),
  /** When this version was published (it stood until the next one). */
  savedAt: Timestamp.nullable(),
  savedBy: Author.nullable(),
  content: Practice,
});
export type PracticeVersion = z.infer<typeof PracticeVersion>;

export const ADOPTION_STATUSES = ['adopted', 'piloted', 'rejected'] as const;

/** One jurisdiction's decision on another's practice, with what it measured. */
export const Adoption = z.object({
  id: Slug,
  practice: Slug,
  /** The practice's own jurisdiction, kept so the feed can tell which side learnt from which. */
  practiceJurisdiction: JurisdictionId,
  jurisdiction: JurisdictionId,
  agency: Slug,
  status: z.enum(ADOPTION_STATUSES),
  date: IsoDate,
  outcomes: z.array(Outcome),
  note: LocalizedText.nullable(),
  recordedAt: Timestamp,
  recordedBy: Author,
});
export type Adoption = z.infer<typeof Adoption>;

export const Answer = z.object({
  id: Slug,
  text: z.string().min(1),
  answeredAt: Timestamp,
  answeredBy: Author,
});
export type Answer = z.infer<typeof Answer>;

/** A question an official put to the agency that owns a practice, with its answers. */
export const Question = z.object({
  id: Slug,
  practice: Slug,
  ownerAgency: Slug,
  ownerJurisdiction: JurisdictionId,
  text: z.string().min(1),
  askedAt: Timestamp,
  askedBy: Author,
  answers: z.array(Answer),
  /** The latest answer's time, or the question's own while unanswered. */
  updatedAt: Timestamp,
  /** The askOwner request it came from (services/shared/idempotency.ts). */
  request: RequestMark.optional(),
});
export type Question = z.infer<typeof Question>;
