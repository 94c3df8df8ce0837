/**
 * A marker a running platform leaves in its data folder (its pid and the store it uses), so a
 * command such as `gba ingest` can warn when no running platform uses the store it is about to
 * write to: run from the wrong folder, it would otherwise fill a fresh, empty store unnoticed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

const FILE = 'platform.running.json';

export const storeUrl = (config: Config): string =>
  config.graph.engine === 'sqlite' ? `sqlite:${config.graph.path}` : config.graph.url;

/** Leaves the marker; the function it returns removes it (on a clean stop). */
export function markRunning(config: Config): () => void {
  const path = join(config.dataDir, FILE);
  try {
    writeFileSync(path, JSON.stringify({ pid: process.pid, store: storeUrl(config) }));
  } catch {
    // A read-only data folder: the warning it feeds is advice, not a condition of running.
    return () => {};
  }
  return () => rmSync(path, { force: true });
}

/** True when a live process of the platform left a marker naming this configuration's store. */
export function platformRunsOn(config: Config): boolean {
  try {
    const marker = JSON.parse(readFileSync(join(config.dataDir, FILE), 'utf8')) as { pid: number; store: string };
    if (marker.store !== storeUrl(config)) return false;
    process.kill(marker.pid, 0);
    return true;
  } catch {
    return false;
  }
}
