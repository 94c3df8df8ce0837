/**
 * `npm run build` (and `prepare`, so `npm ci` runs it): bundles the `gba` command and everything it
 * loads into `dist/`, so `gba start` neither transpiles TypeScript at start (tsx) nor resolves and
 * reads hundreds of small module files. Dynamic imports stay separate chunks: each command, and the
 * Neo4j and Kafka adapters, load only when used. Tests and `tsx` scripts keep running on the sources;
 * bin/gba.js falls back to them whenever a source file is newer than the bundle. Beside the bundle it
 * writes the supergraph of the platform's own subgraphs, composed here once instead of at every start
 * (dist/supergraph.json, services/gateway/built-supergraph.ts).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ENTRY = 'services/cli/main.ts';
/** `node scripts/build.mjs [DIR]`: dist/ unless told (a test builds its own copy). */
const OUT = process.argv[2] ?? 'dist';

// Left to Node's own loader: a native addon, the engines' clients (loaded only when configured),
// pino, whose transports start worker files found next to its own modules, and graphql: bundled,
// its CommonJS exports are reached through esbuild's interop getters on every call (a tenth of the
// knowledge subgraph's CPU per request in a profile), while Node binds them once.
const EXTERNAL = ['better-sqlite3', 'neo4j-driver', 'kafkajs', 'pino', 'graphql'];

if (!existsSync(ENTRY)) {
  // `npm ci` in a Docker layer that has package.json but not yet the sources: the image builds later.
  process.stdout.write(`build: ${ENTRY} is not here yet; dist/ not built\n`);
} else {
  rmSync(OUT, { recursive: true, force: true });
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    logLevel: 'warning',
    // Bundled CommonJS modules call require() for Node's built-ins; ESM has none of its own.
    banner: {
      js: "import { createRequire as __gbaRequire } from 'node:module'; const require = __gbaRequire(import.meta.url);",
    },
  };
  await build({
    ...common,
    entryPoints: [ENTRY],
    outdir: OUT,
    splitting: true,
    sourcemap: 'linked',
  });
  await writeBuiltSupergraph(common);
  process.stdout.write(`build: ${OUT}/ bundled from the sources\n`);
}

/**
 * The own subgraphs' SDLs, printed by the same sources the bundle serves them from, and their
 * composition, by a throwaway bundle of schema/print.ts (inside OUT, so its external modules resolve).
 */
async function writeBuiltSupergraph(common) {
  const scratch = join(OUT, '.supergraph');
  try {
    await build({ ...common, entryPoints: ['schema/print.ts'], outdir: scratch });
    const { builtSupergraph } = await import(pathToFileURL(resolve(scratch, 'print.js')).href);
    writeFileSync(join(OUT, 'supergraph.json'), JSON.stringify(builtSupergraph()));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
