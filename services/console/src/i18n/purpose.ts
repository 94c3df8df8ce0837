import type { TFunction } from 'i18next';

/** A purpose id the console has no text for, readable all the same: "licence-conversion" → "Licence conversion". */
const humanize = (id: string) => {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A consent's purpose in the chosen language, never its raw id. */
export const purposeLabel = (t: TFunction, id: string): string => t(`purposes.${id}`, { defaultValue: humanize(id) });
