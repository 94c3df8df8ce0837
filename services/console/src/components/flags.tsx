import { useLang } from '../i18n';

interface Flagged {
  readonly crossBoundary: boolean;
  readonly zeroRedirection: boolean;
  readonly paperless: boolean;
  readonly faceToFaceRequired: boolean;
}

const KEYS = ['crossBoundary', 'zeroRedirection', 'paperless', 'faceToFaceRequired'] as const;

export function Flags({ record }: { record: Flagged }) {
  const { t } = useLang();
  const on = KEYS.filter((k) => record[k]);
  if (!on.length) return null;
  return (
    <ul className="chips" aria-label={t('flags')}>
      {on.map((k) => (
        <li key={k}>{t(`flag.${k}`)}</li>
      ))}
    </ul>
  );
}
