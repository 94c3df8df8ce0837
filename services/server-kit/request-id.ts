/**
 * Request ids. The id a request is logged, audited and answered under is always the platform's own:
 * the gateway makes a fresh UUID for every request, and a subgraph takes the gateway's (passed on in
 * `x-request-id`) only from the gateway, so no caller can choose, forge or reuse the key of an audit
 * record. A caller's own `x-request-id` is kept beside it as a correlation id when it is a plain token
 * (1–64 of A–Z a–z 0–9 . _ : -), in the request log line (`clientRequestId`) and passed on to the
 * subgraphs in `x-client-request-id`; anything else in it is dropped. The response's `x-request-id`
 * is the platform's id, the one to quote. See README (Observability).
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What the gateway passes a caller's own id on in (the caller's `x-request-id` is the platform's there). */
export const CLIENT_REQUEST_ID_HEADER = 'x-client-request-id';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** The shape of the ids the platform makes (randomUUID). */
const PLATFORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A caller's own id when it is a plain token of 1–64 characters, else null. */
export function clientRequestIdFrom(given: string | null | undefined): string | null {
  return given && CLIENT_ID.test(given) ? given : null;
}

export interface RequestIdentity {
  /** The platform's id: the audit key, the log's, the response's `x-request-id`. */
  readonly id: string;
  /** The caller's own id, checked, for correlation only; null when none or not a plain token. */
  readonly clientId: string | null;
}

export interface RequestIdsOptions {
  /**
   * Whether a request comes from the platform's gateway, so that its `x-request-id` is the gateway's
   * id for it (a subgraph: the request carries the gateway's secret). @default never (the gateway)
   */
  readonly fromGateway?: (request: Request) => boolean;
}

/** Each request's ids, made once and remembered for the plugins that log, measure or answer it. */
export class RequestIds {
  private readonly ids = new WeakMap<Request, RequestIdentity>();
  private readonly fromGateway: (request: Request) => boolean;

  constructor({ fromGateway = () => false }: RequestIdsOptions = {}) {
    this.fromGateway = fromGateway;
  }

  of(request: Request): string {
    return this.identityOf(request).id;
  }

  clientIdOf(request: Request): string | null {
    return this.identityOf(request).clientId;
  }

  /** `request` is answered under the ids of `from`: the same request, taken in by another door first. */
  adopt(request: Request, from: Request): void {
    this.ids.set(request, this.identityOf(from));
  }

  private identityOf(request: Request): RequestIdentity {
    let identity = this.ids.get(request);
    if (!identity) {
      identity = this.identify(request);
      this.ids.set(request, identity);
    }
    return identity;
  }

  private identify(request: Request): RequestIdentity {
    const given = request.headers.get(REQUEST_ID_HEADER);
    if (given && PLATFORM_ID.test(given) && this.fromGateway(request))
      return { id: given, clientId: clientRequestIdFrom(request.headers.get(CLIENT_REQUEST_ID_HEADER)) };
    return { id: randomUUID(), clientId: clientRequestIdFrom(given) };
  }
}
