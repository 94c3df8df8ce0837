/** The console's languages, and the first choice from the browser's preferred languages. */
export const LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A record's text as the API gives it. */
export interface LocalizedText {
  readonly en: string;
  readonly zhHant: string;
  readonly zhHans: string;
}

/** zh-TW, zh-HK and zh-MO write Traditional; zh, zh-CN and zh-SG Simplified. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    if (t.startsWith('zh')) return /hant|tw|hk|mo/.test(t) ? 'zh-Hant' : 'zh-Hans';
    if (t.startsWith('en')) return 'en';
  }
  return 'en';
}
