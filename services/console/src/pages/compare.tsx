import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { useJurisdictions, useTopics } from '../api/lists';
import { useQuery } from '../api/use-query';
import { Checkboxes, Select } from '../components/choice';
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
        <Select
          label={t('search.topic')}
          value={topic}
          options={topics.map((tp) => ({ value: tp.id, label: l(tp.name) }))}
          empty={t('compare.pickTopic')}
          onChange={(next) => set(next, chosen)}
        />
        <Checkboxes
          legend={t('search.jurisdictions')}
          options={jurisdictions.map((j) => ({ value: j.id, label: l(j.name) }))}
          chosen={chosen}
          onChange={(next) => set(topic, next)}
        />
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
