#!/usr/bin/env node
// The `gba` command. It runs the bundle in dist/ that `npm ci` builds (`npm run build`), and the
// TypeScript sources through tsx's loader when there is no bundle or a source is newer than it
// (bin/bundle.js), so a fresh clone needs no build step and an edited source is always what runs.
// GBA_FROM_SOURCE=1 runs the sources regardless.
import { join } from 'node:path';
import { currentBundle } from './bundle.js';

const root = join(import.meta.dirname, '..');
const bundle = process.env.GBA_FROM_SOURCE === '1' ? null : currentBundle(root);
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../services/cli/main.ts'));
}
// A reader that stops early (`gba dlq list | head`) closes the pipe: the next write fails with EPIPE,
// which unhandled crashed the command with a Node stack trace. A closed stdout or stderr now only ends
// that stream's output, quietly; the command itself runs to its end (a replay still settles and
// releases its claims) and exits with its own status.
const closed = new Set();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream);
  });
}
const writeTo = (stream) => (line) => {
  if (!closed.has(stream)) stream.write(`${line}\n`);
};
const exitCode = await main(process.argv.slice(2), {
  out: writeTo(process.stdout),
  err: writeTo(process.stderr),
  env: process.env,
});
// Exit only once stdout and stderr have drained: on a pipe (`gba dlq list --json | jq`) writes are
// asynchronous, and process.exit() with the pipe still full dropped the tail (the output was cut at
// 64 KiB or 128 KiB, exit 0). A write's callback runs after every write before it has been flushed.
// process.exit() still follows, so no open handle (a pool, a timer) can keep a finished command alive.
const drained = (stream) =>
  new Promise((resolve) => (closed.has(stream) || stream.destroyed ? resolve() : stream.write('', () => resolve())));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(exitCode);
