import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '../api/use-query';
import { useClaims } from '../auth/use-session';
import { useLang } from '../i18n';
import { AdoptForm, AskForm } from './practice-actions';
import { Adoptions, Outcomes, Versions } from './practice-parts';
import { PRACTICE, type PracticeData } from './practice-query';
import { QuestionThread } from './practice-questions';

// ECharts is loaded only when a practice page draws its lineage.
const LineageGraph = lazy(() => import('../charts/lineage-graph'));

const SECTIONS = ['summary', 'problem', 'approach', 'results', 'lessons'] as const;

export function PracticePage() {
  const { id = '' } = useParams();
  const { t, l } = useLang();
  const claims = useClaims();
  const official = claims?.roles.includes('official') ?? false;
  const { data, error, reload } = useQuery<{ practice: PracticeData | null }>(PRACTICE, { id, official });
  if (error) return <p role="alert">{error.message}</p>;
  const p = data?.practice;
  if (!p) return <p>{t('loading')}</p>;
  const mine = official && claims?.agency === p.agency.id;
  return (
    <article aria-labelledby="practice-title">
      <h1 id="practice-title">{l(p.title)}</h1>
      <p className="meta">
        {l(p.agency.name)} · {l(p.jurisdiction.name)} · {t('practice.version', { version: p.version })}
        {p.synthetic ? ` · ${t('synthetic')}` : ''}
        {mine ? (
          <>
            {' · '}
            <Link to={`/practices/${p.id}/edit`}>{t('practice.edit')}</Link>
          </>
        ) : null}
      </p>
      <ul className="chips" aria-label={t('practice.topics')}>
        {p.topics.map((tp) => (
          <li key={tp.id}>{l(tp.name)}</li>
        ))}
      </ul>
      {SECTIONS.map((s) => (
        <section key={s}>
          <h2>{t(`practice.${s}`)}</h2>
          <p>{l(p[s])}</p>
        </section>
      ))}
      <Outcomes outcomes={p.outcomes} />
      <section aria-labelledby="lineage-title">
        <h2 id="lineage-title">{t('practice.lineage')}</h2>
        {p.lineage.length === 0 ? <p>{t('none')}</p> : null}
        <Suspense fallback={<p>{t('loading')}</p>}>{p.lineage.length ? <LineageGraph practice={p} /> : null}</Suspense>
        <ul aria-label={t('practice.lineageList')}>
          {p.lineage.map((n) => (
            <li key={n.practice.id}>
              {t(`relation.${n.relation}`)} ({n.depth}):{' '}
              <Link to={`/practices/${n.practice.id}`}>{l(n.practice.title)}</Link> ({n.practice.jurisdiction.id})
            </li>
          ))}
        </ul>
      </section>
      <Adoptions adoptions={p.adoptions} />
      <Versions practice={p} />
      {p.relatedServices.length > 0 ? (
        <section>
          <h2>{t('practice.services')}</h2>
          <ul>
            {p.relatedServices.map((s) => (
              <li key={s.id}>
                <Link to={`/services/${s.id}`}>{l(s.title)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.sourceUrl ? <a href={p.sourceUrl}>{t('source')}</a> : null}
      {official ? <QuestionThread questions={p.questions ?? []} ownerAgency={p.agency.id} onChange={reload} /> : null}
      {official && !mine ? (
        <>
          <AskForm practice={p.id} onDone={reload} />
          <AdoptForm practice={p.id} onDone={reload} />
        </>
      ) : null}
    </article>
  );
}
