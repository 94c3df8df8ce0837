import { useLang } from '../i18n';
import { formatDate } from '../i18n/time';
import type { Outcome, PracticeData } from './practice-query';

export function Outcomes({ outcomes }: { outcomes: readonly Outcome[] }) {
  const { t } = useLang();
  return (
    <section>
      <h2>{t('practice.outcomes')}</h2>
      {outcomes.length === 0 ? <p>{t('none')}</p> : null}
      <ul className="outcomes">
        {outcomes.map((o) => (
          <li key={`${o.metric}-${o.asOf}`}>
            {o.metric}: <strong>{o.value}</strong> {o.unit} ({o.asOf}){' '}
            {o.sourced ? (
              <span className="tag tag-sourced">
                {o.sourceUrl ? <a href={o.sourceUrl}>{t('outcome.sourced')}</a> : t('outcome.sourced')}
              </span>
            ) : (
              <span className="tag tag-self">{t('outcome.selfReported')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Adoptions({ adoptions }: { adoptions: PracticeData['adoptions'] }) {
  const { t, l } = useLang();
  return (
    <section>
      <h2>{t('practice.adoptions')}</h2>
      {adoptions.length === 0 ? <p>{t('none')}</p> : null}
      <ul>
        {adoptions.map((a) => (
          <li key={`${a.jurisdiction.id}-${a.date ?? ''}-${a.status}`}>
            {l(a.jurisdiction.name)}: {t(`adoption.${a.status.toUpperCase()}`)}
            {a.date ? ` (${a.date})` : ''}
            {a.note ? ` — ${l(a.note)}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Versions({ practice }: { practice: PracticeData }) {
  const { t, l } = useLang();
  return (
    <section>
      <h2>{t('practice.versions')}</h2>
      <ul>
        <li>
          {t('practice.version', { version: practice.version })} (
          {formatDate(practice.updatedAt ?? practice.publishedAt)}) — {t('practice.current')}
        </li>
        {practice.versions.map((v) => (
          <li key={v.version}>
            {t('practice.version', { version: v.version })} ({formatDate(v.savedAt)}): {l(v.title)}
          </li>
        ))}
      </ul>
    </section>
  );
}
