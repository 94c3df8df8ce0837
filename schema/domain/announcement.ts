import { z } from 'zod';
import { IsoDate, JurisdictionId, LocalizedText, Provenance, RequestMark, Slug, Timestamp } from './common.js';

/** A text an announcement had before a correction: who wrote it and since when it stood. */
export const AnnouncementVersion = z.object({
  version: z.number().int().min(1),
  title: LocalizedText,
  body: LocalizedText,
  effectiveFrom: IsoDate,
  /** When this text was published or last corrected. */
  since: Timestamp,
  /** The official who wrote this text; absent for the data set's and partners' records. */
  by: z.string().min(1).optional(),
});
export type AnnouncementVersion = z.infer<typeof AnnouncementVersion>;

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
    /** 1 for the first text; each correction adds one and keeps the text it replaced in `versions`. */
    version: z.number().int().min(1).optional(),
    versions: z.array(AnnouncementVersion).optional(),
    correctedAt: Timestamp.optional(),
    correctedBy: z.string().min(1).optional(),
    withdrawnAt: Timestamp.optional(),
    withdrawnBy: z.string().min(1).optional(),
    withdrawnReason: z.string().optional(),
  })
  .extend(Provenance.shape);
export type Announcement = z.infer<typeof Announcement>;

/** What last happened to an announcement: published, corrected or withdrawn. */
export function announcementChange(a: Announcement): 'published' | 'corrected' | 'withdrawn' {
  return a.withdrawnAt ? 'withdrawn' : a.correctedAt ? 'corrected' : 'published';
}

/** The text an announcement holds, as the earlier version a correction keeps in `versions`. */
export function heldVersion(a: Announcement): AnnouncementVersion {
  const by = a.correctedAt ? a.correctedBy : a.publishedBy;
  return {
    version: a.version ?? 1,
    title: a.title,
    body: a.body,
    effectiveFrom: a.effectiveFrom,
    since: a.correctedAt ?? a.publishedAt,
    ...(by ? { by } : {}),
  };
}
