import { z } from 'zod';
import { IsoDate, JurisdictionId, LocalizedText, Provenance, RequestMark, Slug, Timestamp } from './common.js';

export const Announcement = z
  .object({
    id: Slug,
    agency: Slug,
    jurisdiction: JurisdictionId,
    title: LocalizedText,
    body: LocalizedText,
    kind: z.enum(['policy-adjustment', 'procedure-update', 'service-outage', 'new-service']),
    importance: z.enum(['major', 'normal']),
    effectiveFrom: IsoDate,
    publishedAt: Timestamp,
    relatedServices: z.array(Slug),
    /** The publish request it came from; absent for records of the data set. */
    request: RequestMark.optional(),
    /** Who published it through the API (username); absent for the data set's and partners' records. */
    publishedBy: z.string().min(1).optional(),
  })
  .extend(Provenance.shape);
export type Announcement = z.infer<typeof Announcement>;
