import { useSearchParams } from 'react-router';
import { byId, type Named, useAgencies, useJurisdictions } from '../api/lists';
import { useQuery } from '../api/use-query';
import { useClaims } from '../auth/use-session';
import { Select } from '../components/choice';
import { type LocalizedText, useLang } from '../i18n';
import { formatDate } from '../i18n/time';
import { KINDS, PublishForm } from './publish-form';

const LIST = `query Announcements($filter: AnnouncementFilter) {
  announcements(filter: $filter, first: 50) {
    id agency title { en zhHant zhHans } body { en zhHant zhHans } kind importance effectiveFrom publishedAt sourceUrl
  }
}`;

interface Item {
  id: string;
  agency: string;
  title: LocalizedText;
  body: LocalizedText;
  kind: string;
  importance: string;
  effectiveFrom: string;
  sourceUrl: string | null;
}

export function AnnouncementsPage() {
  const { t, l } = useLang();
  const claims = useClaims();
  const jurisdictions = useJurisdictions();
  const agencies = useAgencies();
  // An agency's or a jurisdiction's name in the chosen script; its id until the list has loaded.
  const name = (list: readonly Named[], id: string) => l(byId(list, id)?.name) || id;
  const [params, setParams] = useSearchParams();
  const pick = (k: string) => params.get(k) || null;
  const filter = { jurisdiction: pick('j'), importance: pick('importance'), kind: pick('kind') };
  const { data, error, reload } = useQuery<{ announcements: Item[] }>(LIST, { filter });
  const set = (key: string, value: string) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    p.delete('id');
    setParams(p);
  };
  const selected = params.get('id');
  const select = (key: string, label: string, options: string[], text: (o: string) => string) => (
    <Select
      label={label}
      value={params.get(key) ?? ''}
      options={options.map((o) => ({ value: o, label: text(o) }))}
      empty={t('search.any')}
      onChange={(v) => set(key, v)}
    />
  );
  return (
    <section aria-labelledby="ann-title">
      <h1 id="ann-title">{t('ann.title')}</h1>
      <div className="filters">
        {select(
          'j',
          t('ann.jurisdiction'),
          jurisdictions.map((j) => j.id),
          (o) => name(jurisdictions, o),
        )}
        {select('importance', t('ann.importance'), ['MAJOR', 'NORMAL'], (o) => t(`importance.${o}`))}
        {select('kind', t('ann.kind'), KINDS, (o) => t(`annKind.${o}`))}
      </div>
      {error ? <p role="alert">{error.message}</p> : null}
      <ol className="announcements">
        {(data?.announcements ?? []).map((a) => (
          <li key={a.id} id={`a-${a.id}`} className={a.id === selected ? 'selected' : undefined}>
            <h2>
              {a.importance === 'MAJOR' ? <span className="tag tag-major">{t('importance.MAJOR')}</span> : null}{' '}
              {l(a.title)}
            </h2>
            <p className="meta">
              {name(agencies, a.agency)} · {t(`annKind.${a.kind}`)} ·{' '}
              {t('banner.from', { date: formatDate(a.effectiveFrom) })}
            </p>
            <p>{l(a.body)}</p>
            {a.sourceUrl ? <a href={a.sourceUrl}>{t('source')}</a> : null}
          </li>
        ))}
      </ol>
      {claims?.roles.includes('official') && claims.agency ? (
        <PublishForm agency={claims.agency} agencyName={name(agencies, claims.agency)} onDone={reload} />
      ) : null}
    </section>
  );
}
