import { useLang } from '../i18n';
import { type Draft, type Loaded, TEXT_FIELDS } from './share-data';

/** Someone published a newer version while I edited: theirs beside mine, field by field. */
export function Conflict({ mine, newer, onTakeNewer }: { mine: Draft; newer: Loaded; onTakeNewer: () => void }) {
  const { t, l } = useLang();
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('share.conflict', { version: newer.version })}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('share.field')}</th>
            <th scope="col">{t('share.newer', { version: newer.version })}</th>
            <th scope="col">{t('share.mine')}</th>
          </tr>
        </thead>
        <tbody>
          {TEXT_FIELDS.map((f) => (
            <tr key={f} className={l(newer[f]) !== l(mine[f]) ? 'differs' : undefined}>
              <th scope="row">{t(`practice.${f}`)}</th>
              <td>{l(newer[f])}</td>
              <td>{l(mine[f])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onTakeNewer}>
        {t('share.rebase', { version: newer.version })}
      </button>
    </section>
  );
}
