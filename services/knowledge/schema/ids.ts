import { badUserInput } from '../../../schema/errors.js';

export const MAX_ID_LENGTH = 200;

/** An `id` argument, refused with BAD_USER_INPUT when it cannot be an id. */
export function checkId(id: string, field = 'id'): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw badUserInput(field, `must be 1 to ${MAX_ID_LENGTH} characters long`);
  }
  return id;
}
