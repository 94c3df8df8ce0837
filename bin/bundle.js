// Which code `gba` runs: the bundle `npm run build` wrote to dist/, unless a source is newer than it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of TypeScript sources the bundle is built from. */
const SOURCES = ['services', 'connectors', 'schema'];

/**
 * The bundle's entry under `root`, or null when there is none or any source file was changed after it
 * was built (an edited source must never be shadowed by a stale bundle). A few hundred stat calls,
 * a few milliseconds.
 * @param {string} root the project directory
 * @returns {string | null}
 */
export function currentBundle(root) {
  const bundle = join(root, 'dist', 'main.js');
  if (!existsSync(bundle)) return null;
  const built = statSync(bundle).mtimeMs;
  for (const dir of SOURCES) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (file.endsWith('.ts') && statSync(join(root, dir, file)).mtimeMs > built) return null;
    }
  }
  return bundle;
}
