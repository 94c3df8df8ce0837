/**
 * What a partner system may create or change, and for whom: data in the catalogue (./catalogue.ts),
 * applied by the pipeline's authorise step (connectors/pipeline/authorise.ts), shown by
 * `gba partners` and in the AsyncAPI document.
 */
import type { CaseMove } from './canonical-event.js';

export type RecordKind = 'case' | 'service' | 'practice' | 'announcement' | 'consent' | 'enquiry';

/**
 * - `own-agency`: records whose agency is the system's agency, or one of the grant's `agencies` (a case:
 *   one of a service of its agency, handled in its jurisdiction);
 * - `own-jurisdiction`: a case its jurisdiction handles, exactly: the province (GD) is not its cities
 *   (SZ, GZ), which handle their own cases. Services, practices and announcements are never granted by
 *   jurisdiction: a portal of a city or of the province changes those of its own agency, and of another
 *   agency only when its grant names it in `agencies`;
 * - `originated`: cases its jurisdiction (exactly) originated and another handles (the origin side's portal);
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
  /**
   * For `own-agency` on a service, practice or announcement: the other agencies whose records it also
   * changes, each named (an explicit grant, e.g. a city's portal publishing a district bureau's practice).
   * @default none
   */
  readonly agencies?: readonly string[];
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
  a.moves
    ? `${a.record} (${a.owner}: ${a.moves.join('/')})`
    : a.agencies
      ? `${a.record} (${a.owner} and ${a.agencies.join(', ')})`
      : `${a.record} (${a.owner})`;

/** One line per system, e.g. `case (own-jurisdiction), case (originated: withdrawal)`; `nothing` when none. */
export const describeAuthority = (authority: readonly Authority[]): string =>
  authority.map(describeOne).join(', ') || 'nothing';
