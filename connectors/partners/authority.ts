/**
 * What a partner system may create or change, and for whom: data in the catalogue (./catalogue.ts),
 * applied by the pipeline's authorise step (connectors/pipeline/authorise.ts), shown by
 * `gba partners` and in the AsyncAPI document.
 */
export type RecordKind = 'case' | 'service' | 'practice' | 'announcement' | 'consent' | 'enquiry';

/**
 * - `own-agency`: records whose agency is the system's agency;
 * - `own-jurisdiction`: records of its jurisdiction (a case: one its jurisdiction handles or
 *   originated); Guangdong's systems cover Shenzhen and Guangzhou, which are in the province;
 * - `own-side`: records of its side of the boundary (a consent: one whose controller is on its side).
 */
export type Owner = 'own-agency' | 'own-jurisdiction' | 'own-side';

export interface Authority {
  readonly record: RecordKind;
  readonly owner: Owner;
}

export const RECORD_KINDS: readonly RecordKind[] = [
  'case',
  'service',
  'practice',
  'announcement',
  'consent',
  'enquiry',
];

/** One line per system, e.g. `case (own-jurisdiction), service (own-agency)`; `nothing` when none. */
export const describeAuthority = (authority: readonly Authority[]): string =>
  authority.map((a) => `${a.record} (${a.owner})`).join(', ') || 'nothing';
