/** The caller as the official who writes a record: their username, agency and jurisdiction, from the token. */
import type { Author } from '../../schema/domain/index.js';
import { UserFacingError } from '../../schema/errors.js';
import { hasRole, type Principal } from './authenticator.port.js';

/**
 * UNAUTHENTICATED when anonymous ("<what> needs a signed-in official."), FORBIDDEN for anyone but an
 * official with a jurisdiction and an agency ("Only officials <action>.").
 */
export function requireOfficial(principal: Principal | undefined, what: string, action: string): Author {
  if (!principal) throw new UserFacingError('UNAUTHENTICATED', `${what} needs a signed-in official.`);
  if (!hasRole(principal, 'official') || !principal.jurisdiction || !principal.agency) {
    throw new UserFacingError('FORBIDDEN', `Only officials ${action}.`, { role: 'official' });
  }
  return {
    username: principal.username ?? principal.subject,
    agency: principal.agency,
    jurisdiction: principal.jurisdiction,
  };
}
