import { z } from 'zod';
import { LocalizedText, Slug } from './common.js';

export const Topic = z.object({
  id: Slug,
  name: LocalizedText,
});
export type Topic = z.infer<typeof Topic>;
