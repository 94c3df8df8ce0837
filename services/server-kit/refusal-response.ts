/**
 * A request refused before GraphQL runs (a bad token, a body too large or compressed, a caller that
 * is not the gateway), answered in a media type the client accepts: the spec's own
 * `application/graphql-response+json` when the client names it, else the legacy `application/json`,
 * as Yoga chooses for the answers it makes itself. The status is the refusal's in both.
 */
export interface Refusal {
  readonly status: number;
  readonly error: { readonly message: string; readonly extensions: Record<string, unknown> };
  /** More response headers (`www-authenticate`). */
  readonly headers?: Record<string, string>;
}

export function refusalResponse(
  fetchAPI: { Response: typeof Response },
  request: Request,
  { status, error, headers = {} }: Refusal,
): Response {
  const type = (request.headers.get('accept') ?? '').includes('application/graphql-response+json')
    ? 'application/graphql-response+json'
    : 'application/json';
  return new fetchAPI.Response(JSON.stringify({ errors: [error] }), {
    status,
    headers: { 'content-type': `${type}; charset=utf-8`, ...headers },
  });
}
