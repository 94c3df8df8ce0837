import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../services/server-kit/logger.js';

/** A real pino logger whose JSON lines the test can read. */
export function captureLogs(level = 'info'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, destination });
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
