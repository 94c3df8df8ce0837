import { z } from 'zod';
import { JurisdictionId, LocalizedText } from './common.js';

export const Jurisdiction = z.object({
  id: JurisdictionId,
  name: LocalizedText,
  kind: z.enum(['SAR', 'city', 'province']),
  legalRegime: z.enum(['PDPO', 'PIPL', 'PDPA-MO']),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

/** The two sides of the boundary, each with its own partner systems and topics. */
export type Side = 'hk' | 'mainland';

/** The side of each jurisdiction; Macao is on neither (no partner systems of its own). */
export const SIDE_OF: Readonly<Record<JurisdictionId, Side | null>> = {
  HK: 'hk',
  SZ: 'mainland',
  GZ: 'mainland',
  GD: 'mainland',
  MO: null,
};

/** Whether `outer` is or contains `inner`: Guangdong is the province of Shenzhen and Guangzhou. */
export const covers = (outer: JurisdictionId, inner: JurisdictionId): boolean =>
  outer === inner || (outer === 'GD' && (inner === 'SZ' || inner === 'GZ'));

/**
 * Whether personal data held in `from` crosses the boundary going to `to`: their sides differ, Macao
 * being a side of its own (HK to MO crosses; HK to HK, GD to SZ do not).
 */
export const crossesBoundary = (from: JurisdictionId, to: JurisdictionId): boolean =>
  (SIDE_OF[from] ?? from) !== (SIDE_OF[to] ?? to);
