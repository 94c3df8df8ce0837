/**
 * The console's languages: English, Traditional Chinese (Hong Kong usage) and Simplified Chinese.
 * First choice from the browser's languages, then remembered in localStorage.
 */
import i18next from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { LANGUAGES, type Language, type LocalizedText, pickLanguage } from './pick';
import { zhHans } from './zh-hans';
import { zhHant } from './zh-hant';

export { LANGUAGES, type Language };

const KEY = 'gba.lang';

function initial(): Language {
  const saved = localStorage.getItem(KEY);
  return (LANGUAGES as readonly string[]).includes(saved ?? '')
    ? (saved as Language)
    : pickLanguage(navigator.languages);
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  void i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lang) => {
  document.documentElement.lang = lang;
});

void i18next.use(initReactI18next).init({
  lng: initial(),
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-Hant': { translation: zhHant }, 'zh-Hans': { translation: zhHans } },
  interpolation: { escapeValue: false },
});

export type { LocalizedText };

const FIELD = { en: 'en', 'zh-Hant': 'zhHant', 'zh-Hans': 'zhHans' } as const;

/** The console's text (`t`), the language, and `l` to show a record's text in the chosen script. */
export function useLang() {
  const { t, i18n } = useTranslation();
  const lang = (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'en';
  const l = useCallback((text: LocalizedText | null | undefined): string => (text ? text[FIELD[lang]] : ''), [lang]);
  return { t, lang, l };
}
