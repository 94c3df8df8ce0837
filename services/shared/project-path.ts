/**
 * Paths inside the project (the sample data set, the generated schema), found from the package root
 * rather than from this file: the same code runs from its sources and from the bundle in `dist/`,
 * which sit at different depths.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory of the project's package.json, above this module wherever it was built to. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path relative to the project root, e.g. `projectPath('deploy/seed/gba')`. */
export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);
