/**
 * Refuses a request whose bearer token fails verification with HTTP 401 and UNAUTHENTICATED, before
 * anything runs. A request without a token goes on as anonymous: public fields answer it, and every
 * field that needs an identity refuses it. Subgraphs elsewhere verify the token again for themselves;
 * one of this process handed the request over reads this verification of it (bearer.ts, in-process.ts).
 */
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../identity/authenticator.port.js';
import { principalOf } from '../identity/bearer.js';
import { REFUSED_TOKEN_HTTP } from '../identity/unauthenticated.js';
import { refusalResponse } from '../server-kit/refusal-response.js';

export interface AuthenticationOptions {
  readonly authenticator: Authenticator;
  /** @default '/graphql' */
  readonly endpoint?: string;
}

export function useAuthentication({ authenticator, endpoint = '/graphql' }: AuthenticationOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      try {
        await principalOf(request, authenticator);
      } catch (error) {
        const { message, extensions } = error as { message: string; extensions?: Record<string, unknown> };
        // `http` says how to answer; it is not part of the answer.
        const { http: _http, ...kept } = extensions ?? { code: 'UNAUTHENTICATED' };
        endResponse(
          refusalResponse(fetchAPI, request, {
            status: REFUSED_TOKEN_HTTP.status,
            error: { message, extensions: kept },
            headers: { ...REFUSED_TOKEN_HTTP.headers },
          }),
        );
      }
    },
  };
}
