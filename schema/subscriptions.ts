/**
 * A subscription lives no longer than the token it was opened with. Each event is checked before it
 * is delivered (the token's expiry and the field's own access rule, for that event), and the stream
 * ends when the token expires even if no event comes: its last event is an UNAUTHENTICATED error,
 * so the client knows to subscribe again with a fresh token rather than wait on a silent stream.
 */
import type { Principal } from '../services/identity/authenticator.port.js';
import { UserFacingError } from './errors.js';

export interface WhileAuthorisedOptions<T> {
  /** The stream's viewer; an anonymous stream (public fields) has no token to outlive. */
  readonly principal: Principal | undefined;
  /** The field's access rule for one event: throws a UserFacingError to end the stream with it. */
  readonly check?: (event: T) => void;
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** setTimeout's longest delay; a later expiry is checked again when it fires. */
const MAX_DELAY = 2 ** 31 - 1;

export const tokenExpired = () =>
  new UserFacingError('UNAUTHENTICATED', 'The token expired: subscribe again with a fresh one.', {
    reason: 'expired',
  });

/** The source's events while the viewer may have them; then the refusal, as the last event. */
export async function* whileAuthorised<T>(
  source: AsyncIterable<T>,
  { principal, check, now = Date.now }: WhileAuthorisedOptions<T>,
): AsyncGenerator<T | UserFacingError> {
  const iterator = source[Symbol.asyncIterator]();
  const expiresAt = principal?.expiresAt;
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<'expired'>((resolve) => {
    if (expiresAt === undefined) return;
    const wake = () => {
      const left = expiresAt - now();
      if (left <= 0) resolve('expired');
      else timer = setTimeout(wake, Math.min(left, MAX_DELAY));
    };
    wake();
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), expiry]);
      if (next === 'expired' || (expiresAt !== undefined && now() >= expiresAt)) {
        yield tokenExpired();
        return;
      }
      if (next.done) return;
      try {
        check?.(next.value);
      } catch (error) {
        if (error instanceof UserFacingError) {
          yield error;
          return;
        }
        throw error;
      }
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
  }
}

/** A subscription field's `resolve`: an error event is raised as the field's error. */
export function eventOrError<T>(event: T | UserFacingError): T {
  if (event instanceof UserFacingError) throw event;
  return event;
}
