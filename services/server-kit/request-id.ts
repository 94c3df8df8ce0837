/**
 * Request ids: taken from the caller's `x-request-id` when it is a sane token, generated otherwise,
 * returned in the response header and (at the gateway) passed on to every subgraph call, so one id
 * follows a request through every log line it causes.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is safe to log and echo, a fresh UUID otherwise. */
export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
}

/** The id a caller gave (its `x-request-id`) when it is safe, a fresh UUID otherwise. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

/** Remembers each request's id for the plugins that log, measure or answer it. */
export class RequestIds {
  private readonly ids = new WeakMap<Request, string>();

  of(request: Request): string {
    let id = this.ids.get(request);
    if (!id) {
      id = requestIdOf(request);
      this.ids.set(request, id);
    }
    return id;
  }
}
