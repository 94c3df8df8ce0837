import { z } from 'zod';
import { JurisdictionId, LocalizedText } from './common.js';

export const Jurisdiction = z.object({
  id: JurisdictionId,
  name: LocalizedText,
  kind: z.enum(['SAR', 'city', 'province']),
  legalRegime: z.enum(['PDPO', 'PIPL', 'PDPA-MO']),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;
