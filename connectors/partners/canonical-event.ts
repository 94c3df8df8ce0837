/**
 * What a partner event means in the canonical model (schema/domain/), whichever dialect it came in:
 * the changes to apply, the records it must refer to, and any personal data it carries.
 */
import type { CaseStatus, DataCategory, NodeLabel } from '../../schema/domain/index.js';

/** Fields to set on one record; a `LocalizedText` value merges with the record's other languages. */
export interface Change {
  readonly label: NodeLabel;
  readonly id: string;
  readonly set: Readonly<Record<string, unknown>>;
  /** Present when the event can create the record: the fields a new record starts from. */
  readonly create?: Readonly<Record<string, unknown>>;
}

/** A record the event names, which must exist (or be created by the event itself). */
export interface Reference {
  readonly label: 'Case' | 'Service' | 'Person' | 'Agency' | 'Practice' | 'Topic';
  readonly id: string;
  /** The payload field that named it, e.g. `data.serviceId`. */
  readonly field: string;
}

/** A personal-data block (HK `personalData`, Mainland `geren_xinxi`). */
export interface PersonalData {
  readonly subject: string;
  readonly categories: readonly DataCategory[];
  readonly controller: string;
  readonly consentId: string | null;
  readonly idType: string | null;
  readonly idNumberMasked: string | null;
}

/**
 * What a status move does to a case, which decides who may send it (./authority.ts):
 * - `progress`: the handling side works on it (received, under processing, documents required);
 * - `decision`: the handling side decides or completes it (approved, rejected, completed, archived);
 * - `withdrawal`: the applicant withdraws it, which the origin side may send on the applicant's behalf.
 */
export type CaseMove = 'progress' | 'decision' | 'withdrawal';

export const CASE_MOVES: readonly CaseMove[] = ['progress', 'decision', 'withdrawal'];

export interface CaseStatusChange {
  readonly caseId: string;
  readonly serviceId: string;
  readonly status: CaseStatus;
  /** The status the event says the case had before; null when it states none (a case's first). */
  readonly previousStatus: CaseStatus | null;
  /** What the partner's status code does (COMPLETED and WITHDRAWN are both `closed`, but not alike). */
  readonly move: CaseMove;
  readonly changedAt: string;
  /** The person the event names as the case's applicant. */
  readonly applicant: string;
}

export interface CanonicalEvent {
  /** The payload field the CloudEvents `subject` must equal, and its value. */
  readonly subject: { readonly field: string; readonly value: string };
  readonly changes: readonly Change[];
  readonly references: readonly Reference[];
  readonly personalData: PersonalData | null;
  /** The case whose service's agency receives the personal data (the consent rule's recipient). */
  readonly caseId: string | null;
  readonly caseStatus: CaseStatusChange | null;
}
