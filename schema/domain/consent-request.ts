import { z } from 'zod';
import { DataCategory } from './case.js';
import { JurisdictionId, Slug, Timestamp } from './common.js';

export const CONSENT_REQUEST_STATES = ['pending', 'approved', 'declined', 'expired', 'cancelled'] as const;
export const ConsentRequestState = z.enum(CONSENT_REQUEST_STATES);
export type ConsentRequestState = z.infer<typeof ConsentRequestState>;

/**
 * An agency's request that a resident consent to a transfer for one case (after India's Account
 * Aggregator consent requests): the resident approves all or part of it, or declines; unanswered, it
 * expires at `answerBy`. An approval creates the consent artefact, named by `consent`.
 */
export const ConsentRequest = z.object({
  id: z.string().min(1),
  case: z.string().min(1),
  /** The case's person: whose data would cross. */
  subject: z.string().min(1),
  service: Slug,
  requesterAgency: Slug,
  requesterJurisdiction: JurisdictionId,
  /** Username of the official who asked. */
  requestedBy: z.string().min(1),
  categories: z.array(DataCategory).min(1),
  purpose: Slug,
  /** Until when the consent asked for would hold. */
  expiresAt: Timestamp,
  /** The request lapses unanswered after this. */
  answerBy: Timestamp,
  note: z.string().nullable(),
  state: ConsentRequestState,
  createdAt: Timestamp,
  answeredAt: Timestamp.nullable(),
  /** The categories the resident approved (a subset of `categories`); empty unless approved. */
  approvedCategories: z.array(DataCategory),
  consent: z.string().nullable(),
  synthetic: z.boolean(),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;
