/**
 * The console's GraphQL client: one POST to the gateway's `/graphql`, as any partner app would call
 * it. A library (urql, graphql-request) would add weight for what these few lines do.
 */
import { accessToken } from '../auth/session';

export interface ApiError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: readonly ApiError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export function authHeaders(): Record<string, string> {
  const token = accessToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: ApiError[] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!body.data) throw new GraphQLRequestError([{ message: `HTTP ${response.status}` }]);
  return body.data;
}
