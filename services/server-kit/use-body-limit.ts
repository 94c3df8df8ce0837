/**
 * Refuses a request body over the limit with HTTP 413 and a GraphQL error naming the limit. A body
 * that declares its length is refused before any of it is read; one that does not (chunked, or a
 * request made in-process) is read only up to the limit.
 */
import type { Plugin } from 'graphql-yoga';

export interface BodyLimitOptions {
  /** Largest body accepted, in bytes. @default 1048576 (1 MiB) */
  readonly maxBytes?: number;
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

export function useBodyLimit({ maxBytes = DEFAULT_MAX_BODY_BYTES }: BodyLimitOptions = {}): Plugin {
  const tooLarge = (fetchAPI: { Response: typeof Response }, declared: string) =>
    new fetchAPI.Response(
      JSON.stringify({
        errors: [
          {
            message: `The request body is over the limit of ${maxBytes} bytes (${declared}).`,
            extensions: { code: 'BAD_USER_INPUT', limit: 'body', maxBytes },
          },
        ],
      }),
      { status: 413, headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' } },
    );
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        const length = Number(declared);
        if (!Number.isSafeInteger(length) || length > maxBytes) endResponse(tooLarge(fetchAPI, `${declared} declared`));
        return;
      }
      setRequestParser(async (req) => {
        const bytes = req.body ? await readUpTo(req.body, maxBytes) : '';
        if (bytes === null) return tooLarge(fetchAPI, 'more read');
        return requestParser(new fetchAPI.Request(req.url, { method: 'POST', headers: req.headers, body: bytes }));
      });
    },
  };
}
