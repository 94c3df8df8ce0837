/**
 * Text an author writes in English and at least one Chinese script. A missing script is derived from
 * the other with OpenCC (Hong Kong variant: Traditional as Hong Kong writes it, Simplified as the
 * Mainland does) and marked `machineConverted`, so readers know which script a machine wrote. An
 * author who gives all three keeps them as written.
 */
import { z } from 'zod';
import type { LocalizedText } from './domain/index.js';
import { toSimplified, toTraditional } from './script-conversion.js';

/** The `machineConverted` field's description, the same in every subgraph that serves LocalizedText. */
export const MACHINE_CONVERTED =
  '`zhHant` or `zhHans` when that script was derived from the other by OpenCC (Hong Kong variant) because the author wrote only one; null when the author wrote all three.';

/** The input form: `en`, and `zhHant`, `zhHans` or both. */
export function authoredText(max: number) {
  const script = z.string().trim().min(1, 'must not be empty').max(max);
  return z
    .object({ en: script, zhHant: script.nullish(), zhHans: script.nullish() })
    .refine((t) => t.zhHant != null || t.zhHans != null, {
      message: 'needs zhHant or zhHans (the other script is derived from it)',
      path: ['zhHant'],
    })
    .transform(completeText);
}

export function completeText({
  en,
  zhHant,
  zhHans,
}: {
  en: string;
  zhHant?: string | null | undefined;
  zhHans?: string | null | undefined;
}): LocalizedText {
  if (zhHant != null && zhHans != null) return { en, zhHant, zhHans };
  if (zhHant != null) return { en, zhHant, zhHans: toSimplified(zhHant), machineConverted: 'zhHans' };
  return { en, zhHant: toTraditional(zhHans as string), zhHans: zhHans as string, machineConverted: 'zhHant' };
}
