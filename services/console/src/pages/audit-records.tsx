/**
 * A table of audit records, newest first, shared by the resident's timeline and the auditors' trail.
 * Denial bursts are marked: three or more denials for one agency within ten minutes, the pattern of
 * someone probing for data they may not see.
 */

import { byId, useAgencies, useJurisdictions } from '../api/lists';
import type { Pages } from '../api/use-pages';
import { TableScroll } from '../components/table-scroll';
import { useLang } from '../i18n';
import { formatDateTime } from '../i18n/time';

export interface AuditRow {
  seq: number;
  at: string;
  who: string;
  agency: string | null;
  jurisdiction: string | null;
  subject: string;
  categories: string[];
  resource: string;
  purpose: string | null;
  consentId: string | null;
  decision: 'ALLOW' | 'DENY';
  reason: string;
}

const BURST = 3;
const WINDOW_MS = 10 * 60_000;

/** The seqs of denials that belong to a burst. */
export function burstSeqs(rows: readonly AuditRow[]): Set<number> {
  const out = new Set<number>();
  const denials = rows.filter((r) => r.decision === 'DENY').toSorted((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const [i, d] of denials.entries()) {
    const near = denials.filter(
      (o, j) => j >= i && o.agency === d.agency && Date.parse(o.at) - Date.parse(d.at) <= WINDOW_MS,
    );
    if (near.length >= BURST) for (const n of near) out.add(n.seq);
  }
  return out;
}

export function AuditTable({ rows, caption }: { rows: readonly AuditRow[]; caption: string }) {
  const { t, l, lang } = useLang();
  const bursts = burstSeqs(rows);
  // Records hold ids; a reader knows the Transport Department, not hk-td. Asked once per table.
  const agencies = useAgencies();
  const jurisdictions = useJurisdictions();
  const named = (list: typeof agencies, id: string) => l(byId(list, id)?.name) || id;
  return (
    <TableScroll label={caption}>
      <table data-testid="audit-records">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {['at', 'who', 'agency', 'categories', 'decision', 'reason', 'consent'].map((c) => (
              <th key={c} scope="col">
                {t(`audit.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} className={bursts.has(r.seq) ? 'burst' : r.decision === 'DENY' ? 'denied' : undefined}>
              <td>{formatDateTime(r.at, lang)}</td>
              <td>{r.who}</td>
              <td>
                {r.agency ? named(agencies, r.agency) : '—'}{' '}
                {r.jurisdiction ? `(${named(jurisdictions, r.jurisdiction)})` : ''}
              </td>
              <td>{r.categories.map((c) => t(`category.${c}`)).join(', ')}</td>
              <td>
                {t(`audit.${r.decision}`)}
                {bursts.has(r.seq) && <strong> · {t('audit.burst')}</strong>}
              </td>
              <td>{r.reason}</td>
              <td>{r.consentId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** How many of how many are shown, and "Load more" while the API has older records. */
export function MoreRecords({ pages }: { pages: Pages<AuditRow> }) {
  const { t } = useLang();
  if (pages.totalCount === null) return null;
  return (
    <p data-testid="more-records">
      {t('audit.shown', { shown: pages.rows.length, total: pages.totalCount })}{' '}
      {pages.hasMore && (
        <button type="button" disabled={pages.loadingMore} onClick={pages.loadMore}>
          {t('audit.more')}
        </button>
      )}
    </p>
  );
}

/** Records per page: a screenful, with older ones a click away. */
export const PAGE_SIZE = 50;

export const RECORD_FIELDS =
  'seq at who agency jurisdiction subject categories resource purpose consentId decision reason';
