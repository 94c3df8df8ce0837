import type { Named } from '../api/lists';
import { useLang } from '../i18n';
import { type Filters, FLAGS } from './search-query';

const KINDS = ['SERVICE', 'PRACTICE', 'ANNOUNCEMENT'];
const CHANNELS = ['ONLINE', 'APP', 'KIOSK', 'COUNTER', 'PHONE'];

interface Props {
  readonly filters: Filters;
  readonly update: (next: Partial<Filters>) => void;
  readonly jurisdictions: readonly Named[];
  readonly topics: readonly Named[];
}

const toggle = (list: string[], value: string) =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

export function SearchFilters({ filters, update, jurisdictions, topics }: Props) {
  const { t, l } = useLang();
  return (
    <div className="filters">
      <fieldset>
        <legend>{t('search.kinds')}</legend>
        {KINDS.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={filters.kinds.includes(k)}
              onChange={() => update({ kinds: toggle(filters.kinds, k) })}
            />
            {t(`kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('search.jurisdictions')}</legend>
        {jurisdictions.map((j) => (
          <label key={j.id}>
            <input
              type="checkbox"
              checked={filters.j.includes(j.id)}
              onChange={() => update({ j: toggle(filters.j, j.id) })}
            />
            {l(j.name)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('search.topic')}
        <select value={filters.topic} onChange={(e) => update({ topic: e.target.value })}>
          <option value="">{t('search.any')}</option>
          {topics.map((tp) => (
            <option key={tp.id} value={tp.id}>
              {l(tp.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('search.channel')}
        <select value={filters.channel} onChange={(e) => update({ channel: e.target.value })}>
          <option value="">{t('search.any')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('search.flags')}</legend>
        {FLAGS.map((f) => (
          <label key={f}>
            <input
              type="checkbox"
              checked={filters.flags.includes(f)}
              onChange={() => update({ flags: toggle(filters.flags, f) })}
            />
            {t(`flag.${f}`)}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
