import { z } from 'zod';
import { IsoDate, JurisdictionId, LocalizedText, Provenance, Slug, Url } from './common.js';

export const CHANNELS = ['online', 'app', 'kiosk', 'counter', 'phone'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** A government service; `jurisdiction` is the providing side (HK kiosks in Guangzhou are `HK`). */
export const Service = z
  .object({
    id: Slug,
    agency: Slug,
    jurisdiction: JurisdictionId,
    title: LocalizedText,
    summary: LocalizedText,
    topics: z.array(Slug),
    /** Purposes for which the service processes personal data (the consent rule matches on them). */
    purposes: z.array(Slug),
    channels: z.array(Channel).min(1),
    crossBoundary: z.boolean(),
    zeroRedirection: z.boolean(),
    paperless: z.boolean(),
    faceToFaceRequired: z.boolean(),
    steps: z.array(LocalizedText),
    eligibility: LocalizedText,
    url: Url.nullable(),
    updatedAt: IsoDate,
  })
  .extend(Provenance.shape);
export type Service = z.infer<typeof Service>;
