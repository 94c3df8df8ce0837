import { Link } from 'react-router';
import { type LocalizedText, useLang } from '../i18n';
import { formatDateTime } from '../i18n/time';

const LT = '{ en zhHant zhHans }';
const ITEM = `id kind at jurisdiction { id name ${LT} } agency { id name ${LT} }
  practice { id title ${LT} } adoption { status practice { id title ${LT} } }
  question { id text practice { id title ${LT} } } answer { id text }
  announcement { id title ${LT} importance }`;

export const FEED = `query Feed { feed(first: 10) { edges { node { ${ITEM} } } } }`;
export const FEED_LIVE = `subscription FeedLive { feedUpdated { ${ITEM} } }`;

export interface FeedItem {
  id: string;
  kind: string;
  at: string;
  jurisdiction: { id: string; name: LocalizedText };
  agency: { id: string; name: LocalizedText };
  practice: { id: string; title: LocalizedText } | null;
  adoption: { status: string; practice: { id: string; title: LocalizedText } } | null;
  question: { id: string; text: string; practice: { id: string; title: LocalizedText } } | null;
  answer: { id: string; text: string } | null;
  announcement: { id: string; title: LocalizedText; importance: string } | null;
}

function target(item: FeedItem): { to: string; title: LocalizedText } | null {
  const p = item.practice ?? item.adoption?.practice ?? item.question?.practice;
  if (p) return { to: `/practices/${p.id}`, title: p.title };
  if (item.announcement) return { to: `/announcements?id=${item.announcement.id}`, title: item.announcement.title };
  return null;
}

export function FeedEntry({ item }: { item: FeedItem }) {
  const { t, l, lang } = useLang();
  const to = target(item);
  return (
    <li className={`feed-item feed-${item.kind.toLowerCase()}`}>
      <span className="kind">{t(`feed.${item.kind}`)}</span>{' '}
      <time dateTime={item.at}>{formatDateTime(item.at, lang)}</time>{' '}
      <span>
        {l(item.agency.name)} ({l(item.jurisdiction.name)})
      </span>
      {to ? (
        <>
          {': '}
          <Link to={to.to}>{l(to.title)}</Link>
        </>
      ) : null}
      {item.question ? <q>{item.question.text}</q> : null}
      {item.answer ? <q>{item.answer.text}</q> : null}
    </li>
  );
}
