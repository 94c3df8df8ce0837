import { z } from 'zod';
import { DataCategory } from './case.js';
import { JurisdictionId, Slug, Timestamp } from './common.js';

/**
 * `grantedBy` of a consent the resident granted on the platform itself (grantConsent, or approving a
 * consent request): no partner system granted it, so none may change or end it; the resident does
 * (revokeConsent). A partner's grant holds its system's CloudEvents source instead.
 */
export const PLATFORM_GRANTER = 'platform';

/** A consent artefact after the GBA Standard Contract, PIPL/PDPO and ISO/IEC TS 27560. */
export const Consent = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  controller: Slug,
  recipient: Slug,
  recipientJurisdiction: JurisdictionId,
  purpose: Slug,
  dataCategories: z.array(DataCategory).min(1),
  legalBasis: z.enum(['consent']),
  grantedAt: Timestamp,
  expiresAt: Timestamp,
  /** When the revocation took effect: when the platform recorded it, whichever door it came by. */
  revokedAt: Timestamp.nullable(),
  /**
   * The revocation time a consent manager's event stated, when it is not `revokedAt`: a claim, kept
   * and signed with the consent, never a time the consent is judged by (services/consent/lifecycle.ts).
   */
  revocationStatedAt: Timestamp.optional(),
  /**
   * The end a consent manager's expiry or narrower re-grant stated, when it was before the platform
   * processed it (the consent then expired when processed, `expiresAt`): a claim, like `revocationStatedAt`.
   */
  expiryStatedAt: Timestamp.optional(),
  case: z.string().nullable(),
  /**
   * The system the consent was granted through: the partner system's CloudEvents source (e.g.
   * `urn:gba:hk:dpo:iamsmart`) whose consent manager sent the grant, or PLATFORM_GRANTER. Only that
   * system may re-grant, revoke or expire it (services/consent/lifecycle.ts); the resident's own
   * revokeConsent always may.
   */
  grantedBy: z.string().min(1),
  /** Incremented by every change (a revocation is a new version); the audit log names it. */
  version: z.number().int().min(1).default(1),
  synthetic: z.boolean(),
  /**
   * The signed receipt (a compact JWS, or a batch's receipt under one signed root;
   * services/consent/receipts.ts) of each change, oldest first: the grant, then any narrowing,
   * revocation or earlier end. Kept with the consent so the resident can check any of theirs at any
   * time; never part of what a receipt signs.
   */
  receipts: z.array(z.string()).default([]),
});
export type Consent = z.infer<typeof Consent>;
