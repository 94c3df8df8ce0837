// Which code `gba` runs: the bundle `npm run build` wrote to dist/, unless a source is newer than it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of TypeScript sources the bundle is built from. */
const SOURCES = ['services', 'connectors', 'schema'];

/**
 * The bundle's entry under `root`, or null when there is none or any source file was changed after it
 * was built (an edited source must never be shadowed by a stale bundle). A few hundred stat calls.
 * @param {string} root the project directory
 * @returns {string | null}
 */
export function currentBundle(root) {
  const bundle = join(root, 'dist', 'main.js');
  if (!existsSync(bundle)) return null;
  const built = statSync(bundle).mtimeMs;
  return SOURCES.some((dir) => changedSince(join(root, dir), built)) ? null : bundle;
}

/**
 * Whether a TypeScript file under `dir` was changed after `built`. Installed packages (a workspace's
 * node_modules, their .d.ts files) are not sources and are not walked: walking them with the sources
 * was a tenth of `gba start`'s CPU until ready.
 * @param {string} dir
 * @param {number} built
 * @returns {boolean}
 */
function changedSince(dir, built) {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && changedSince(path, built)) return true;
    } else if (entry.name.endsWith('.ts') && statSync(path).mtimeMs > built) return true;
  }
  return false;
}
