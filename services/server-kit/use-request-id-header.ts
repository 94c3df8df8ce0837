import type { Plugin } from 'graphql-yoga';
import { REQUEST_ID_HEADER, type RequestIds } from './request-id.js';

/** Returns the request id in every response, so a caller can quote it. */
export function useRequestIdHeader(ids: RequestIds): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, ids.of(request));
    },
  };
}
