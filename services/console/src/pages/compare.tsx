import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { useJurisdictions, useTopics } from '../api/lists';
import { useQuery } from '../api/use-query';
import { type LocalizedText, useLang } from '../i18n';
import { COMPARE, type ComparisonRow, toCsv } from './compare-data';
import { CompareTable } from './compare-table';

const CompareChart = lazy(() => import('../charts/compare-chart'));

/** A topic across jurisdictions: table, chart and CSV; topic and jurisdictions are in the URL. */
export function ComparePage() {
  const { t, l } = useLang();
  const [params, setParams] = useSearchParams();
  const topic = params.get('topic') ?? '';
  const chosen = params.getAll('j');
  const topics = useTopics();
  const jurisdictions = useJurisdictions();
  const { data, error } = useQuery<{ compare: { topic: { name: LocalizedText }; rows: ComparisonRow[] } }>(
    COMPARE,
    { topic, jurisdictions: chosen.length ? chosen : null },
    !topic,
  );
  const set = (nextTopic: string, nextJ: string[]) => {
    const p = new URLSearchParams();
    if (nextTopic) p.set('topic', nextTopic);
    for (const j of nextJ) p.append('j', j);
    setParams(p);
  };
  const rows = data?.compare.rows ?? [];
  const download = () => {
    const blob = new Blob([toCsv(rows, l)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `compare-${topic}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">{t('compare.title')}</h1>
      <div className="filters">
        <label>
          {t('search.topic')}
          <select value={topic} onChange={(e) => set(e.target.value, chosen)}>
            <option value="">{t('compare.pickTopic')}</option>
            {topics.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {l(tp.name)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('search.jurisdictions')}</legend>
          {jurisdictions.map((j) => (
            <label key={j.id}>
              <input
                type="checkbox"
                checked={chosen.includes(j.id)}
                onChange={() =>
                  set(topic, chosen.includes(j.id) ? chosen.filter((x) => x !== j.id) : [...chosen, j.id])
                }
              />
              {l(j.name)}
            </label>
          ))}
        </fieldset>
      </div>
      {error ? <p role="alert">{error.message}</p> : null}
      {rows.length ? (
        <>
          <CompareTable caption={l(data?.compare.topic.name)} rows={rows} />
          <button type="button" onClick={download}>
            {t('compare.csv')}
          </button>
          <Suspense fallback={<p>{t('loading')}</p>}>
            <CompareChart rows={rows} />
          </Suspense>
        </>
      ) : null}
    </section>
  );
}
