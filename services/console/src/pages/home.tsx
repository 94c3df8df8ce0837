import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { byId, useJurisdictions } from '../api/lists';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { useClaims, useTokenVersion } from '../auth/use-session';
import { useLang } from '../i18n';
import { FEED, FEED_LIVE, FeedEntry, type FeedItem } from './feed-item';

/** The pages of each role besides officials, linked from its home (the navigation's keys and paths). */
const ROLE_PAGES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  resident: [
    ['/consent-requests', 'nav.requests'],
    ['/my-data', 'nav.myData'],
  ],
  auditor: [['/audit', 'nav.audit']],
  admin: [['/operations', 'nav.operations']],
};

/**
 * Home: an official's feed for their jurisdiction, new items arriving live; anyone else signed in
 * sees links to the pages of their roles; a visitor, a welcome inviting officials to sign in.
 */
export function HomePage() {
  const { t } = useLang();
  const claims = useClaims();
  const official = claims?.roles.includes('official') ?? false;
  if (!official) {
    const mine = (claims?.roles ?? []).flatMap((r) => ROLE_PAGES[r] ?? []);
    return (
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t('home.welcome')}</h1>
        <p>{t(claims ? 'home.introSignedIn' : 'home.intro')}</p>
        {mine.length > 0 ? (
          <nav aria-label={t('home.yourPages')}>
            <h2>{t('home.yourPages')}</h2>
            <ul data-testid="role-pages">
              {mine.map(([to, key]) => (
                <li key={to}>
                  <Link to={to}>{t(key)}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <p>
          <Link to="/search">{t('nav.search')}</Link> · <Link to="/compare">{t('nav.compare')}</Link> ·{' '}
          <Link to="/assistant">{t('nav.assistant')}</Link>
        </p>
      </section>
    );
  }
  return <Feed jurisdiction={claims?.jurisdiction ?? null} />;
}

function Feed({ jurisdiction }: { jurisdiction: string | null }) {
  const { t, l } = useLang();
  const place = l(byId(useJurisdictions(), jurisdiction)?.name) || jurisdiction;
  const { data, error, reload } = useQuery<{ feed: { edges: { node: FeedItem }[] } }>(FEED, {});
  const [live, setLive] = useState<FeedItem[]>([]);
  const token = useTokenVersion();
  // The stream reopens with each new token: read the feed again so nothing sent in between is missed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: token is the trigger.
  useEffect(() => reload(), [token, reload]);
  useSubscription<{ feedUpdated: FeedItem }>(FEED_LIVE, {}, (d) => setLive((items) => [d.feedUpdated, ...items]));
  const seen = new Set(live.map((i) => i.id));
  const items = [...live, ...(data?.feed.edges.map((e) => e.node) ?? []).filter((i) => !seen.has(i.id))];
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.feed', { jurisdiction: place })}</h1>
      {error ? <p role="alert">{error.message}</p> : null}
      {data && items.length === 0 ? <p>{t('home.empty')}</p> : null}
      <ol className="feed" aria-live="polite" data-testid="feed">
        {items.map((item) => (
          <FeedEntry key={item.id} item={item} />
        ))}
      </ol>
    </section>
  );
}
