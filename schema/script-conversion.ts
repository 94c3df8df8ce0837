/**
 * Conversion between Traditional Chinese as Hong Kong writes it and Simplified as the Mainland does
 * (OpenCC, Hong Kong variant), for every part of the platform that needs it: authored texts, merged
 * partner texts and search normalisation.
 *
 * One converter of each direction for the whole process, made at first use: building one loads
 * OpenCC's phrase dictionaries into tries of about 40 MB of heap, which `gba start` need not pay to
 * be ready and idle (issue #21's idle RSS), and which three modules each building their own paid
 * three times.
 */
import * as CN2T from 'opencc-js/cn2t';
import * as T2CN from 'opencc-js/t2cn';

type Convert = (text: string) => string;
let traditional: Convert | undefined;
let simplified: Convert | undefined;

/** Simplified Chinese to Traditional as Hong Kong writes it. */
export function toTraditional(text: string): string {
  traditional ??= CN2T.Converter({ from: 'cn', to: 'hk' }) as Convert;
  return traditional(text);
}

/** Traditional Chinese (Hong Kong usage) to Simplified. */
export function toSimplified(text: string): string {
  simplified ??= T2CN.Converter({ from: 'hk', to: 'cn' }) as Convert;
  return simplified(text);
}
