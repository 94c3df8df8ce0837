/**
 * A GraphQL POST is JSON, nothing else. Yoga also reads form-encoded bodies
 * (`application/x-www-form-urlencoded`), multipart uploads and raw `application/graphql` text: doors
 * a browser form can open across origins without a preflight. Tokens are bearer-only, so such a post
 * carries no credentials, but nothing here needs those doors, and each is one more parser an attacker
 * can reach. Refused with 415 and a GraphQL error naming the accepted types, before any parsing.
 */
import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from './refusal-response.js';

/**
 * The media types a GraphQL POST may carry: the GraphQL-over-HTTP spec's request type. Its
 * `application/graphql-response+json` is a response type, asked for with Accept (Yoga reads no body in it).
 */
export const ACCEPTED_POST_TYPES = ['application/json'] as const;

const ACCEPTED = new Set<string>(ACCEPTED_POST_TYPES);
// A media type as RFC 9110 spells one, short enough to name back to the caller.
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]{1,32}\/[a-z0-9!#$&^_.+-]{1,64}$/i;

/** The media type of a content-type header, without its parameters ('' when absent). Spelt as Yoga
 * reads it: in lower case (Yoga refuses `Application/JSON` with an empty 415 of its own). */
function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim() ?? '';
}

function sent(type: string): string {
  if (type === '') return 'this one names no content type';
  return MEDIA_TYPE.test(type) ? `this one is ${type}` : 'this one names an unreadable content type';
}

export function useJsonPosts(): Plugin {
  return {
    onRequestParse({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const type = mediaTypeOf(request.headers.get('content-type'));
      if (ACCEPTED.has(type)) return;
      endResponse(
        refusalResponse(fetchAPI, request, {
          status: 415,
          error: {
            message: `A GraphQL POST must be ${ACCEPTED_POST_TYPES.join(' or ')} (answers come as application/graphql-response+json or application/json, as Accept asks); ${sent(type)}.`,
            extensions: { code: 'BAD_USER_INPUT', field: 'content-type', accepted: [...ACCEPTED_POST_TYPES] },
          },
          headers: { 'accept-post': ACCEPTED_POST_TYPES.join(', ') },
        }),
      );
    },
  };
}
