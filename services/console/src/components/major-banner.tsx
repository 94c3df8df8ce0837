import { useState } from 'react';
import { Link } from 'react-router';
import { byId, useAgencies } from '../api/lists';
import { useSubscription } from '../api/use-subscription';
import { type LocalizedText, useLang } from '../i18n';
import { formatDate } from '../i18n/time';

interface Published {
  announcementPublished: { id: string; agency: string; title: LocalizedText; effectiveFrom: string };
}

const MAJOR = `subscription Major { announcementPublished(importance: MAJOR) { id agency title { en zhHant zhHans } effectiveFrom } }`;

/** A major announcement, live on every page as it is published; the person dismisses it. */
export function MajorBanner() {
  const { t, l } = useLang();
  const [latest, setLatest] = useState<Published['announcementPublished'] | null>(null);
  useSubscription<Published>(MAJOR, {}, (d) => setLatest(d.announcementPublished));
  if (!latest) return null;
  return (
    <section className="banner" role="status" aria-live="polite" data-testid="major-banner">
      <strong>{t('banner.major')}</strong> <Link to={`/announcements?id=${latest.id}`}>{l(latest.title)}</Link>{' '}
      <span>
        (<AgencyName id={latest.agency} />, {t('banner.from', { date: formatDate(latest.effectiveFrom) })})
      </span>
      <button type="button" onClick={() => setLatest(null)}>
        {t('dismiss')}
      </button>
    </section>
  );
}

/** The agency's name in the chosen script (its id until the list loads); asked only once a banner shows. */
function AgencyName({ id }: { id: string }) {
  const { l } = useLang();
  return <>{l(byId(useAgencies(), id)?.name) || id}</>;
}
