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
const exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
// Exit only once stdout and stderr have drained: on a pipe (`gba dlq list --json | jq`) writes are
// asynchronous, and process.exit() with the pipe still full dropped the tail (the output was cut at
// 64 KiB or 128 KiB, exit 0). A write's callback runs after every write before it has been flushed.
// process.exit() still follows, so no open handle (a pool, a timer) can keep a finished command alive.
const drained = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(exitCode);
