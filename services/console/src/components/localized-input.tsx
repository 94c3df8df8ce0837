import { useState } from 'react';
import { type LocalizedText, useLang } from '../i18n';

type Converter = (text: string) => string;
let converters: Promise<{ toHans: Converter; toHant: Converter }> | null = null;

/** OpenCC is large: loaded only when an author asks for a conversion. */
function loadConverters() {
  converters ??= import('opencc-js').then((OpenCC) => ({
    toHans: OpenCC.Converter({ from: 'hk', to: 'cn' }),
    toHant: OpenCC.Converter({ from: 'cn', to: 'hk' }),
  }));
  return converters;
}

interface Props {
  readonly id: string;
  readonly label: string;
  readonly value: LocalizedText;
  readonly onChange: (value: LocalizedText) => void;
  readonly multiline?: boolean;
}

/**
 * One text in three: English, Traditional and Simplified. Chinese written in one script can be
 * converted to the other with OpenCC; the result is marked for the author to check.
 */
export function LocalizedInput({ id, label, value, onChange, multiline = false }: Props) {
  const { t } = useLang();
  const [converted, setConverted] = useState<'zhHant' | 'zhHans' | null>(null);
  const field = (key: keyof LocalizedText, name: string, lang: string) => {
    const common = {
      id: `${id}-${key}`,
      lang,
      value: value[key],
      required: true,
      'aria-describedby': converted === key ? `${id}-check` : undefined,
      onChange: (e: { target: { value: string } }) => {
        if (converted === key) setConverted(null);
        onChange({ ...value, [key]: e.target.value });
      },
    };
    return (
      <div className="field">
        <label htmlFor={common.id}>{`${label} · ${name}`}</label>
        {multiline ? <textarea {...common} rows={3} /> : <input {...common} />}
      </div>
    );
  };
  const convert = async (to: 'zhHant' | 'zhHans') => {
    const c = await loadConverters();
    const next = to === 'zhHans' ? c.toHans(value.zhHant) : c.toHant(value.zhHans);
    onChange({ ...value, [to]: next });
    setConverted(to);
  };
  return (
    <fieldset className="localized">
      <legend>{label}</legend>
      {field('en', 'English', 'en')}
      {field('zhHant', '繁體', 'zh-Hant')}
      {field('zhHans', '简体', 'zh-Hans')}
      <div className="convert">
        <button type="button" onClick={() => void convert('zhHans')} disabled={!value.zhHant}>
          {t('share.toHans')}
        </button>
        <button type="button" onClick={() => void convert('zhHant')} disabled={!value.zhHans}>
          {t('share.toHant')}
        </button>
        {converted ? (
          <p id={`${id}-check`} className="check" role="status">
            {t('share.check')}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
