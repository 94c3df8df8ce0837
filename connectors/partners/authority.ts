/**
 * What a partner system may create or change, and for whom: data in the catalogue (./catalogue.ts),
 * applied by the pipeline's authorise step (connectors/pipeline/authorise.ts), shown by
 * `gba partners` and in the AsyncAPI document.
 */
import type { CaseMove } from './canonical-event.js';

export type RecordKind = 'case' | 'service' | 'practice' | 'announcement' | 'consent' | 'enquiry';

/**
 * - `own-agency`: records whose agency is the system's agency (a case: one of a service of its agency,
 *   handled in its jurisdiction);
 * - `own-jurisdiction`: records of its jurisdiction (a case: one its jurisdiction handles); Guangdong's
 *   systems cover Shenzhen and Guangzhou, which are in the province;
 * - `originated`: cases its jurisdiction originated and another handles (the origin side's portal);
 * - `own-side`: records of its side of the boundary (a consent: one whose controller is on its side).
 */
export type Owner = 'own-agency' | 'own-jurisdiction' | 'originated' | 'own-side';

export interface Authority {
  readonly record: RecordKind;
  readonly owner: Owner;
  /**
   * For a case: the status moves it may send (../partners/canonical-event.ts `CaseMove`); only the
   * handling side decides a case; the origin side forwards its progress and the applicant's withdrawal.
   * @default every move
   */
  readonly moves?: readonly CaseMove[];
}

export const RECORD_KINDS: readonly RecordKind[] = [
  'case',
  'service',
  'practice',
  'announcement',
  'consent',
  'enquiry',
];

const describeOne = (a: Authority): string =>
  a.moves ? `${a.record} (${a.owner}: ${a.moves.join('/')})` : `${a.record} (${a.owner})`;

/** One line per system, e.g. `case (own-jurisdiction), case (originated: withdrawal)`; `nothing` when none. */
export const describeAuthority = (authority: readonly Authority[]): string =>
  authority.map(describeOne).join(', ') || 'nothing';
