import { useState } from 'react';
import { Link } from 'react-router';
import type { Named } from '../api/lists';
import { useLang } from '../i18n';
import type { Draft, Loaded } from './share-data';

type Meta = Pick<Draft, 'topics' | 'inspiredBy' | 'sourceUrl'>;

/** Topics, the practices it drew on, and its source; keyed by practice so a loaded one starts afresh. */
export function ShareMeta(props: { draft: Draft; topics: readonly Named[]; onChange: (next: Partial<Meta>) => void }) {
  const { t, l } = useLang();
  const { draft, onChange } = props;
  // The ids as typed (commas and spaces included); the draft keeps the parsed list.
  const [inspiredBy, setInspiredBy] = useState(draft.inspiredBy.join(', '));
  return (
    <>
      <label>
        {t('practice.topics')}
        <select
          multiple
          value={draft.topics}
          onChange={(e) => onChange({ topics: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {props.topics.map((tp) => (
            <option key={tp.id} value={tp.id}>
              {l(tp.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('share.inspiredBy')}
        <input
          value={inspiredBy}
          onChange={(e) => {
            setInspiredBy(e.target.value);
            onChange({ inspiredBy: e.target.value.split(/[,\s]+/).filter(Boolean) });
          }}
        />
      </label>
      <label>
        {t('source')}
        <input type="url" value={draft.sourceUrl} onChange={(e) => onChange({ sourceUrl: e.target.value })} />
      </label>
    </>
  );
}

export function DraftList({ drafts }: { drafts: readonly Loaded[] }) {
  const { t, l } = useLang();
  if (!drafts.length) return null;
  return (
    <nav aria-label={t('share.drafts')}>
      <h2>{t('share.drafts')}</h2>
      <ul>
        {drafts.map((d) => (
          <li key={d.id}>
            <Link to={`/practices/${d.id}/edit`}>{l(d.title)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
