/**
 * The authorise step's rule for a case status (see ./authorise.ts): a case is moved and decided by
 * the side that handles it, never by the side it came from. A grant of the catalogue
 * (connectors/partners/authority.ts) covers a case when
 * - `own-agency`: the case's service is of the system's agency, handled in its jurisdiction;
 * - `own-jurisdiction`: the case is handled in the system's jurisdiction, exactly (a Guangdong system
 *   does not decide a case Shenzhen or Guangzhou handles);
 * - `originated`: the case came from the system's jurisdiction, exactly;
 * and the grant allows the status move the event makes (`moves`; every move when it names none).
 * So Hong Kong's Transport Department decides its licence cases only, a Hong Kong portal forwards the
 * progress of a case Guangzhou handles and may withdraw it for the applicant but never decides it, and
 * 1823 (no case grant) moves none.
 * Found by a tester: TD rejected Guangzhou's case-0012 and 1823 rejected TD's case-0001; later (probe 6)
 * Yueshengshi closed Guangzhou's case-0012 and GD zwfw rejected Shenzhen's case-0013.
 */
import type { NodeOf } from '../../schema/domain/index.js';
import type { Authority } from '../partners/authority.js';
import type { CaseMove } from '../partners/canonical-event.js';
import type { PartnerSystem } from '../partners/catalogue.js';
import type { Lookup } from './lookup.js';

type Case = NodeOf<'Case'>;

function coversCase(grant: Authority, partner: PartnerSystem, kase: Case, get: Lookup): boolean {
  // Exactly the handling (or originating) jurisdiction: the province does not handle its cities' cases.
  const handles = partner.jurisdiction === kase.handlingJurisdiction;
  if (grant.owner === 'own-jurisdiction') return handles;
  if (grant.owner === 'originated') return partner.jurisdiction === kase.originJurisdiction;
  if (grant.owner === 'own-agency') return handles && get('Service', kase.service)?.agency === partner.agency;
  return false;
}

/** Why `partner` may not make `move` on `kase`, or null when a case grant of its catalogue entry covers it. */
export function caseRefusal({
  partner,
  kase,
  move,
  get,
}: {
  partner: PartnerSystem;
  kase: Case;
  move: CaseMove;
  get: Lookup;
}): string | null {
  const grants = partner.authority.filter((a) => a.record === 'case');
  const allowed = grants.some((g) => coversCase(g, partner, kase, get) && (!g.moves || g.moves.includes(move)));
  if (allowed) return null;
  const agency = get('Service', kase.service)?.agency ?? '(unknown)';
  return `${partner.source} may not send a ${move} of case ${kase.id}: it is handled in ${kase.handlingJurisdiction} (service ${kase.service} of ${agency}) and originated in ${kase.originJurisdiction}; a case is decided only by the side that handles it`;
}
