/**
 * Refuses a request body over the limit with HTTP 413 and a GraphQL error naming the limit. A body
 * that declares its length is refused before any of it is read; one that does not (chunked, or a
 * request made in-process) is read only up to the limit.
 *
 * A compressed body (any Content-Encoding but identity) is refused with HTTP 415 before it is read:
 * the limit is on what the server must hold, and a few kilobytes of gzip can decode to gigabytes.
 * GraphQL requests are small; a client sends them as they are.
 *
 * With `bodyOutsideYoga` (the gateway), Yoga gets the request without its body, and the body is read
 * here: Hive Gateway runs Yoga with its built-in size limit, which it gives no way to turn off, and
 * which pipes every body through a counting TransformStream into a second Request (a node stream
 * pipeline and an AbortController per request: a fifth of the gateway's CPU on an official's query).
 * This limit is the only one the body needs; the subgraphs turn Yoga's off with `maxRequestBodySize: false`.
 */
import type { Plugin } from 'graphql-yoga';
import { refusalResponse } from './refusal-response.js';
import { bounded } from './use-bounded-echo.js';

export interface BodyLimitOptions {
  /** Largest body accepted, in bytes. @default 1048576 (1 MiB) */
  readonly maxBytes?: number;
  /** Hand Yoga POST requests without their body and read it here (see above). @default false */
  readonly bodyOutsideYoga?: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body as text, or null once it passes the limit (the rest is not read). */
async function readUpTo(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type FetchAPI = { Response: typeof Response };

// The header's value is the caller's text: quoted and bounded like any echo (use-bounded-echo.ts).
const compressed = (fetchAPI: FetchAPI, request: Request, encoding: string) => {
  const shown = bounded(JSON.stringify(encoding));
  return refusalResponse(fetchAPI, request, {
    status: 415,
    error: {
      message: `Compressed request bodies are not accepted (Content-Encoding: ${shown}): send the body uncompressed, at most the body limit.`,
      extensions: { code: 'BAD_USER_INPUT', limit: 'content-encoding', encoding: shown.slice(1, -1) },
    },
  });
};

export function useBodyLimit({
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  bodyOutsideYoga = false,
}: BodyLimitOptions = {}): Plugin {
  const tooLarge = (fetchAPI: FetchAPI, request: Request, declared: string) =>
    refusalResponse(fetchAPI, request, {
      status: 413,
      error: {
        message: `The request body is over the limit of ${maxBytes} bytes (${declared}).`,
        extensions: { code: 'BAD_USER_INPUT', limit: 'body', maxBytes },
      },
    });
  /** Each request Yoga got without its body, and the request that holds it. */
  const withBody = new WeakMap<Request, Request>();
  return {
    ...(bodyOutsideYoga
      ? {
          onRequest({ request, setRequest, fetchAPI }) {
            // Only a body of declared length, which Node's HTTP parser holds to it; a chunked one is
            // read below up to the limit. (The same headers serve both requests: a body-less POST
            // without a length would get `content-length: 0` written into them.)
            if (request.method !== 'POST' || request.headers.get('content-length') === null) return;
            const { url, headers, signal } = request;
            const bodiless = new fetchAPI.Request(url, { method: 'POST', headers, signal });
            withBody.set(bodiless, request);
            setRequest(bodiless);
          },
        }
      : {}),
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      const encoding = request.headers.get('content-encoding')?.trim().toLowerCase();
      if (encoding && encoding !== 'identity') return endResponse(compressed(fetchAPI, request, encoding));
      const declared = request.headers.get('content-length');
      const original = withBody.get(request);
      if (declared !== null) {
        const length = Number(declared);
        if (!Number.isSafeInteger(length) || length > maxBytes)
          endResponse(tooLarge(fetchAPI, request, `${declared} declared`));
        // Node's HTTP parser holds the body to its declared length.
        else if (original) setRequestParser(() => requestParser(original));
        return;
      }
      setRequestParser(async (req) => {
        const bytes = req.body ? await readUpTo(req.body, maxBytes) : '';
        if (bytes === null) return tooLarge(fetchAPI, req, 'more read');
        return requestParser(new fetchAPI.Request(req.url, { method: 'POST', headers: req.headers, body: bytes }));
      });
    },
  };
}
