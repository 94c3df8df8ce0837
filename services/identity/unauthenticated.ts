import { UserFacingError } from '../../schema/errors.js';

/** UNAUTHENTICATED: the gateway answers it with HTTP 401. */
export function unauthenticated(reason: string): UserFacingError {
  return new UserFacingError('UNAUTHENTICATED', `The access token was refused: ${reason}.`, { reason });
}
