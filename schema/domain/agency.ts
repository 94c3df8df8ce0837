import { z } from 'zod';
import { JurisdictionId, LocalizedText, Provenance, Slug, Url } from './common.js';

export const Agency = z
  .object({
    id: Slug,
    jurisdiction: JurisdictionId,
    name: LocalizedText,
    website: Url.nullable(),
  })
  .extend(Provenance.shape);
export type Agency = z.infer<typeof Agency>;
