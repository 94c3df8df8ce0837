import { Link } from 'react-router';
import { TableScroll } from '../components/table-scroll';
import { useLang } from '../i18n';
import type { ComparisonRow } from './compare-data';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** One row per jurisdiction: its services and practices on the topic, and the shares at a glance. */
export function CompareTable({ caption, rows }: { caption: string; rows: readonly ComparisonRow[] }) {
  const { t, l } = useLang();
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compare.jurisdiction')}</th>
            <th scope="col">{t('compare.servicesCol')}</th>
            <th scope="col">{t('compare.zeroShare')}</th>
            <th scope="col">{t('compare.online')}</th>
            <th scope="col">{t('compare.paperless')}</th>
            <th scope="col">{t('compare.practices')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.jurisdiction.id}>
              <th scope="row">{l(r.jurisdiction.name)}</th>
              <td>
                <ul>
                  {r.services.map((s) => (
                    <li key={s.id}>
                      <Link to={`/services/${s.id}`}>{l(s.title)}</Link>
                    </li>
                  ))}
                </ul>
              </td>
              <td>{pct(r.zeroRedirectionShare)}</td>
              <td>{pct(r.onlineShare)}</td>
              <td>{pct(r.paperlessShare)}</td>
              <td>
                <ul>
                  {r.practices.map((p) => (
                    <li key={p.id}>
                      <Link to={`/practices/${p.id}`}>{l(p.title)}</Link>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
