import type { Named } from '../api/lists';
import { Checkboxes, Select } from '../components/choice';
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

export function SearchFilters({ filters, update, jurisdictions, topics }: Props) {
  const { t, l } = useLang();
  const named = (list: readonly Named[]) => list.map((n) => ({ value: n.id, label: l(n.name) }));
  const keyed = (list: readonly string[], prefix: string) =>
    list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <div className="filters">
      <Checkboxes
        legend={t('search.kinds')}
        options={keyed(KINDS, 'kind')}
        chosen={filters.kinds}
        onChange={(kinds) => update({ kinds })}
      />
      <Checkboxes
        legend={t('search.jurisdictions')}
        options={named(jurisdictions)}
        chosen={filters.j}
        onChange={(j) => update({ j })}
      />
      <Select
        label={t('search.topic')}
        value={filters.topic}
        options={named(topics)}
        empty={t('search.any')}
        onChange={(topic) => update({ topic })}
      />
      <Select
        label={t('search.channel')}
        value={filters.channel}
        options={keyed(CHANNELS, 'channel')}
        empty={t('search.any')}
        onChange={(channel) => update({ channel })}
      />
      <Checkboxes
        legend={t('search.flags')}
        options={keyed(FLAGS, 'flag')}
        chosen={filters.flags}
        onChange={(flags) => update({ flags })}
      />
    </div>
  );
}
