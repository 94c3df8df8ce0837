import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../api/use-query';
import { useSubscription } from '../api/use-subscription';
import { useClaims, useTokenVersion } from '../auth/use-session';
import { useLang } from '../i18n';
import { FEED, FEED_LIVE, FeedEntry, type FeedItem } from './feed-item';

/** Home: an official's feed for their jurisdiction, new items arriving live; others see a welcome. */
export function HomePage() {
  const { t } = useLang();
  const claims = useClaims();
  const official = claims?.roles.includes('official') ?? false;
  if (!official) {
    return (
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t('home.welcome')}</h1>
        <p>{t('home.intro')}</p>
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
  const { t } = useLang();
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
      <h1 id="home-title">{t('home.feed', { jurisdiction })}</h1>
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
