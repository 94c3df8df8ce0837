/**
 * The sign-in page's language: the first of `ui_locales` (OpenID Connect's parameter, space
 * separated) the page speaks, else the best of the browser's `Accept-Language`, else English.
 * Chinese tags map to their script: zh-TW, zh-HK and zh-MO are written in Traditional characters.
 */
export const LOCALES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type Locale = (typeof LOCALES)[number];

function localeOf(tag: string): Locale | undefined {
  const t = tag.trim().toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if (!(t === 'zh' || t.startsWith('zh-'))) return undefined;
  if (/^zh-(hant|tw|hk|mo)\b/.test(t)) return 'zh-Hant';
  return 'zh-Hans';
}

function acceptLanguage(header: string): string[] {
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

export function chooseLocale({
  uiLocales,
  acceptLanguageHeader,
}: {
  uiLocales?: string | null;
  acceptLanguageHeader?: string;
}): Locale {
  for (const tag of [...(uiLocales ?? '').split(' '), ...acceptLanguage(acceptLanguageHeader ?? '')]) {
    const locale = tag ? localeOf(tag) : undefined;
    if (locale) return locale;
  }
  return 'en';
}
