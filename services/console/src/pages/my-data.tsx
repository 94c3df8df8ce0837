/** The resident's data accesses as a timeline: who, which agency, which fields, when, allowed or refused, under which consent. */
import { useState } from 'react';
import { usePages } from '../api/use-pages';
import { useLang } from '../i18n';
import { type AuditRow, AuditTable, MoreRecords, PAGE_SIZE, RECORD_FIELDS } from './audit-records';
import { download, toCsvRows } from './download';

const ACCESSES = `query Accesses($since: String, $until: String, $outcome: AccessDecision, $after: String) {
  myDataAccesses(first: ${PAGE_SIZE}, after: $after, since: $since, until: $until, outcome: $outcome) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECORD_FIELDS} } } }
}`;

export function MyDataPage() {
  const { t } = useLang();
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [outcome, setOutcome] = useState('');
  const [agency, setAgency] = useState('');
  // The outcome is the API's filter, so paging counts only what is shown; the agency text narrows the loaded rows.
  const pages = usePages<AuditRow>(ACCESSES, 'myDataAccesses', {
    since: since || null,
    until: until || null,
    outcome: outcome || null,
  });
  const { error } = pages;
  const rows = pages.rows.filter((r) => !agency || (r.agency ?? '').includes(agency));
  return (
    <section aria-labelledby="my-data-title">
      <h1 id="my-data-title">{t('myData.title')}</h1>
      <div className="filters">
        <label>
          {t('audit.since')}
          <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label>
          {t('audit.until')}
          <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <label>
          {t('audit.outcome')}
          <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">{t('search.any')}</option>
            <option value="ALLOW">{t('audit.ALLOW')}</option>
            <option value="DENY">{t('audit.DENY')}</option>
          </select>
        </label>
        <label>
          {t('audit.agency')}
          <input value={agency} onChange={(e) => setAgency(e.target.value)} />
        </label>
        <button type="button" onClick={() => download('my-data-accesses.csv', 'text/csv', toCsvRows(rows as never[]))}>
          {t('myData.csv')}
        </button>
        <button
          type="button"
          onClick={() => download('my-data-accesses.json', 'application/json', JSON.stringify(rows, null, 2))}
        >
          {t('myData.json')}
        </button>
      </div>
      {error && <p role="alert">{error.message}</p>}
      <AuditTable rows={rows} caption={t('myData.caption', { count: rows.length })} />
      <MoreRecords pages={pages} />
    </section>
  );
}
