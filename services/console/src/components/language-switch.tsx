import { LANGUAGES, type Language, setLanguage, useLang } from '../i18n';

const NAMES: Record<Language, string> = { en: 'English', 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文' };

/** Always in the header; each language named in itself, so anyone can find their own. */
export function LanguageSwitch() {
  const { t, lang } = useLang();
  return (
    <label className="lang">
      <span className="visually-hidden">{t('language')}</span>
      <select value={lang} onChange={(e) => setLanguage(e.target.value as Language)} aria-label={t('language')}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
