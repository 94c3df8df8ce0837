/**
 * `gba schema check [--against FILE]`: composes the code's subgraphs and compares the result with the
 * committed supergraph (schema/supergraph.graphql by default). Breaking changes (removed types or
 * fields, changed types, new required arguments, …) are listed and exit 1; additive ones exit 0 with
 * a reminder to commit them (`npm run schema:print`).
 */
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';
import { sdlPath, supergraphSdl } from '../../schema/print.js';
import type { CommandIo } from './commands.js';
import { oneLine } from './terminal-safe.js';

/** Federation's own machinery (join__, link__) is not part of the API callers see. */
const federationInternal = (description: string) => /\b(join__|link__)/.test(description);

export function schemaChanges(committedSdl: string, currentSdl: string) {
  const committed = buildSchema(committedSdl, { assumeValidSDL: true });
  const current = buildSchema(currentSdl, { assumeValidSDL: true });
  return {
    breaking: findBreakingChanges(committed, current).filter((c) => !federationInternal(c.description)),
    dangerous: findDangerousChanges(committed, current).filter((c) => !federationInternal(c.description)),
  };
}

export async function runSchema(args: readonly string[], io: CommandIo): Promise<number> {
  if (args[0] !== 'check') {
    io.err('usage: gba schema check [--against FILE]');
    return 64;
  }
  const at = args.indexOf('--against');
  const file = at >= 0 ? args[at + 1] : sdlPath('supergraph');
  if (!file) {
    io.err('gba schema check: --against needs a file');
    return 64;
  }
  let committed: string;
  try {
    committed = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(oneLine(`gba schema check: cannot read ${file}: ${(error as Error).message}`));
    return 66;
  }
  const current = supergraphSdl();
  const { breaking, dangerous } = schemaChanges(committed, current);
  for (const c of breaking) io.out(`BREAKING  ${c.type}: ${c.description}`);
  for (const c of dangerous) io.out(`DANGEROUS ${c.type}: ${c.description}`);
  if (breaking.length > 0) {
    io.err(oneLine(`${breaking.length} breaking change(s) against ${file}`));
    return 1;
  }
  io.out(
    current === committed
      ? `no changes against ${file}`
      : `no breaking changes against ${file}; the schema changed: run \`npm run schema:print\` and commit it`,
  );
  return 0;
}
