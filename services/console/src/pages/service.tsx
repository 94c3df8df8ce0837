import { Link, useParams } from 'react-router';
import { useQuery } from '../api/use-query';
import { Flags } from '../components/flags';
import { type LocalizedText, useLang } from '../i18n';
import { formatDate } from '../i18n/time';

const SERVICE = `query Service($id: ID!) {
  service(id: $id) {
    id title { en zhHant zhHans } summary { en zhHant zhHans } eligibility { en zhHant zhHans }
    steps { en zhHant zhHans } channels crossBoundary zeroRedirection paperless faceToFaceRequired
    url sourceUrl synthetic updatedAt
    jurisdiction { id name { en zhHant zhHans } } agency { id name { en zhHant zhHans } }
    latestChanges { id title { en zhHant zhHans } effectiveFrom publishedAt importance }
  }
  practices(filter: { relatedServices: [$id] }, first: 20) { edges { node { id title { en zhHant zhHans } jurisdiction { id name { en zhHant zhHans } } } } }
}`;

interface Data {
  service: {
    id: string;
    title: LocalizedText;
    summary: LocalizedText;
    eligibility: LocalizedText;
    steps: LocalizedText[];
    channels: string[];
    crossBoundary: boolean;
    zeroRedirection: boolean;
    paperless: boolean;
    faceToFaceRequired: boolean;
    url: string | null;
    sourceUrl: string | null;
    synthetic: boolean;
    updatedAt: string;
    jurisdiction: { id: string; name: LocalizedText };
    agency: { id: string; name: LocalizedText };
    latestChanges: { id: string; title: LocalizedText; effectiveFrom: string; importance: string }[];
  } | null;
  practices: {
    edges: { node: { id: string; title: LocalizedText; jurisdiction: { id: string; name: LocalizedText } } }[];
  };
}

export function ServicePage() {
  const { id = '' } = useParams();
  const { t, l } = useLang();
  const { data, error } = useQuery<Data>(SERVICE, { id });
  if (error) return <p role="alert">{error.message}</p>;
  const s = data?.service;
  if (!s) return <p>{t('loading')}</p>;
  return (
    <article aria-labelledby="service-title">
      <h1 id="service-title">{l(s.title)}</h1>
      <p className="meta">
        {l(s.agency.name)} · {l(s.jurisdiction.name)} · {t('updated', { date: formatDate(s.updatedAt) })}
        {s.synthetic ? ` · ${t('synthetic')}` : ''}
      </p>
      <p>{l(s.summary)}</p>
      <Flags record={s} />
      <h2>{t('service.eligibility')}</h2>
      <p>{l(s.eligibility)}</p>
      <h2>{t('service.steps')}</h2>
      <ol>
        {s.steps.map((step) => (
          <li key={step.en}>{l(step)}</li>
        ))}
      </ol>
      <h2>{t('service.channels')}</h2>
      <ul className="chips">
        {s.channels.map((c) => (
          <li key={c}>{t(`channel.${c}`)}</li>
        ))}
      </ul>
      <h2>{t('service.changes')}</h2>
      {s.latestChanges.length === 0 ? <p>{t('none')}</p> : null}
      <ul>
        {s.latestChanges.map((a) => (
          <li key={a.id}>
            <time dateTime={a.effectiveFrom}>{formatDate(a.effectiveFrom)}</time>{' '}
            <Link to={`/announcements?id=${a.id}`}>{l(a.title)}</Link>
          </li>
        ))}
      </ul>
      <h2>{t('service.practices')}</h2>
      {data.practices.edges.length === 0 ? <p>{t('none')}</p> : null}
      <ul>
        {data.practices.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/practices/${node.id}`}>{l(node.title)}</Link> ({l(node.jurisdiction.name)})
          </li>
        ))}
      </ul>
      <p>
        {s.url ? <a href={s.url}>{t('service.open')}</a> : null}{' '}
        {s.sourceUrl ? <a href={s.sourceUrl}>{t('source')}</a> : null}
      </p>
    </article>
  );
}
