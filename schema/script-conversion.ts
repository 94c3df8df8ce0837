/**
 * Conversion between Traditional Chinese as Hong Kong writes it and Simplified as the Mainland does
 * (OpenCC, Hong Kong variant), for every part of the platform that needs it: authored texts, merged
 * partner texts and search normalisation.
 *
 * One converter of each direction for the whole process, made at first use: building one loads
 * OpenCC's phrase dictionaries into tries of about 40 MB of heap, which `gba start` need not pay to
 * be ready and idle (issue #21's idle RSS), and which three modules each building their own paid
 * three times. OpenCC's code itself (2.3 MB, most of it the dictionaries) is loaded at first use too,
 * through Node's require rather than imported with the platform's code (esbuild does not bundle a
 * require made by createRequire): parsing it was part of every start (docs/performance.md).
 */
import { createRequire } from 'node:module';
import type * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;
let traditional: Convert | undefined;
let simplified: Convert | undefined;
const load = createRequire(import.meta.url);

/** Simplified Chinese to Traditional as Hong Kong writes it. */
export function toTraditional(text: string): string {
  traditional ??= (load('opencc-js/cn2t') as typeof OpenCC).Converter({ from: 'cn', to: 'hk' }) as Convert;
  return traditional(text);
}

/** Traditional Chinese (Hong Kong usage) to Simplified. */
export function toSimplified(text: string): string {
  simplified ??= (load('opencc-js/t2cn') as typeof OpenCC).Converter({ from: 'hk', to: 'cn' }) as Convert;
  return simplified(text);
}
