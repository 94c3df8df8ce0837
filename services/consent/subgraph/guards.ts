import { UserFacingError } from '../../../schema/errors.js';
import type { Principal } from '../../identity/authenticator.port.js';
import { hasRole, type Role } from '../../identity/index.js';
import type { ConsentContext } from './context.js';

/** The caller, who must hold the role; UNAUTHENTICATED when anonymous, FORBIDDEN without the role. */
export function requireRole(ctx: ConsentContext, role: Role): Principal {
  if (!ctx.principal) throw new UserFacingError('UNAUTHENTICATED', 'This needs a signed-in caller.');
  if (!hasRole(ctx.principal, role))
    throw new UserFacingError('FORBIDDEN', `This is for the ${role} role only.`, { role });
  return ctx.principal;
}

/** A resident's person id. */
export function requireResident(ctx: ConsentContext): string {
  const principal = requireRole(ctx, 'resident');
  if (!principal.personId) throw new UserFacingError('FORBIDDEN', 'The token names no person.');
  return principal.personId;
}
