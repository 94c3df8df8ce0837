/**
 * A GraphQL subscription over SSE as the gateway serves it (GraphQL over SSE, distinct connections:
 * POST with `accept: text/event-stream`, one `next` event per result). fetch, not EventSource,
 * because EventSource cannot send the Authorization header.
 */
import { authHeaders } from './graphql';

export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  onNext: (data: T) => void,
  signal: AbortSignal,
): Promise<void> {
  return (async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
      signal,
    });
    if (!response.ok || !response.body) throw new Error(`subscription refused: HTTP ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        dispatch(buffer.slice(0, end), onNext);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  })();
}

function dispatch<T>(block: string, onNext: (data: T) => void): void {
  const lines = block.split('\n');
  const event =
    lines
      .find((l) => l.startsWith('event:'))
      ?.slice(6)
      .trim() ?? 'message';
  const data = lines
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (!data || (event !== 'next' && event !== 'message')) return;
  const payload = JSON.parse(data) as { data?: T };
  if (payload.data) onNext(payload.data);
}
