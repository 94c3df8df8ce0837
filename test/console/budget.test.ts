/**
 * The first page's JavaScript, as the built index.html loads it (the entry and every chunk it
 * imports statically), stays under 300 KB gzipped; charts, the lineage graph and OpenCC are not
 * part of it but load when a page needs them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'services/console/dist');
const BUDGET = 300 * 1024;

/** Static imports only: `import(...)` (a lazy chunk) is not followed. */
function firstPageChunks(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1] as string);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) visit(`assets/${m[1]}`);
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

const gzipped = (file: string) => gzipSync(readFileSync(join(DIST, file))).length;

describe('the console build', () => {
  beforeAll(() => {
    // npm ci builds it (prepare); a checkout cleaned since is built again here.
    if (!existsSync(join(DIST, 'index.html'))) execFileSync('npm', ['run', '--silent', 'console:build'], { cwd: ROOT });
  }, 120_000);

  it('keeps the first page’s JavaScript under 300 KB gzipped', () => {
    const chunks = firstPageChunks();
    expect(chunks.length).toBeGreaterThan(0);
    const total = chunks.reduce((sum, f) => sum + gzipped(f), 0);
    expect(total).toBeLessThan(BUDGET);
  });

  it('leaves ECharts and OpenCC out of the first page, in chunks of their own', () => {
    const first = firstPageChunks().map((f) => readFileSync(join(DIST, f), 'utf8'));
    const all = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const holding = (marker: string) =>
      all.filter((f) => readFileSync(join(DIST, 'assets', f), 'utf8').includes(marker));
    // Code only these libraries contain: ECharts' instance key, OpenCC's dictionary loader.
    for (const marker of ['__ec_', 'loadDict(']) {
      expect(
        first.some((code) => code.includes(marker)),
        marker,
      ).toBe(false);
      expect(holding(marker).length, marker).toBeGreaterThan(0);
    }
  });

  it('loads nothing from another origin', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const css = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css'));
    for (const f of css)
      expect(readFileSync(join(DIST, 'assets', f), 'utf8')).not.toMatch(/url\((["']?)(https?:)?\/\//);
  });
});
