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
process.exit(exitCode);
