import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useJurisdictions, useTopics } from '../api/lists';
import { useQuery } from '../api/use-query';
import { type LocalizedText, useLang } from '../i18n';
import { SearchFilters } from './search-filters';
import { type Filters, filtersOf, type Hit, hitPath, keepHit, SEARCH, serviceFilterOf } from './search-query';

/** Search across services, practices and announcements; every filter lives in the URL, so a search can be shared. */
export function SearchPage() {
  const { t, l } = useLang();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [text, setText] = useState(filters.q);
  const jurisdictions = useJurisdictions();
  const topics = useTopics();
  const { data, error, loading } = useQuery<{
    search: Hit[];
    services: { edges: { node: { id: string } }[] } | null;
    practices: { edges: { node: { id: string } }[] } | null;
  }>(
    SEARCH,
    {
      text: filters.q,
      kinds: filters.kinds.length ? filters.kinds : null,
      jurisdictions: filters.j.length ? filters.j : null,
      serviceFilter: serviceFilterOf(filters),
      practiceFilter: {
        jurisdictions: filters.j.length ? filters.j : null,
        topics: filters.topic ? [filters.topic] : null,
      },
      filtered: serviceFilterOf(filters) !== null,
    },
    !filters.q,
  );
  const update = (next: Partial<Filters>) => {
    const merged = { ...filters, ...next };
    const p = new URLSearchParams();
    if (merged.q) p.set('q', merged.q);
    for (const k of merged.kinds) p.append('kind', k);
    for (const j of merged.j) p.append('j', j);
    if (merged.topic) p.set('topic', merged.topic);
    if (merged.channel) p.set('channel', merged.channel);
    for (const f of merged.flags) p.append('flag', f);
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() });
  };
  const hits = (data?.search ?? []).filter((h) => keepHit(h, filters, data));
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <search>
        <form onSubmit={submit} className="search-form">
          <label htmlFor="q">{t('search.label')}</label>
          <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit">{t('search.submit')}</button>
        </form>
      </search>
      <SearchFilters filters={filters} update={update} jurisdictions={jurisdictions} topics={topics} />
      {loading && filters.q ? <p>{t('loading')}</p> : null}
      {error ? <p role="alert">{error.message}</p> : null}
      {data && hits.length === 0 ? <p>{t('search.none')}</p> : null}
      <ol className="hits" aria-label={t('search.results')}>
        {hits.map((hit) => (
          <li key={`${hit.kind}:${hit.id}`}>
            <span className={`kind kind-${hit.kind.toLowerCase()}`}>{t(`kind.${hit.kind}`)}</span>{' '}
            <Link to={hitPath(hit)}>{l(hit.title as LocalizedText)}</Link>
            <p className="snippet">{hit.snippet}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
