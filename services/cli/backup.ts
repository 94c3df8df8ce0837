/**
 * `gba backup <dir>`: a consistent copy of the embedded engines' files while the platform runs
 * (SQLite's online backup: the graph, the audit log, the event log), with the identity provider's and
 * the receipts' keys, into a new directory. Restoring is copying them back into DATA_DIR with the
 * platform stopped (docs/operations.md). On Neo4j and Kafka, their own tools back up (neo4j-admin
 * database dump; topic retention and replication): the command says so and copies only the keys.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteFile } from '../shared/sqlite-file.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { oneLine } from './terminal-safe.js';

export async function runBackup(args: readonly string[], io: CommandIo): Promise<number> {
  const [target, ...rest] = args;
  if (!target || rest.length > 0) {
    io.err('usage: gba backup <new-directory>');
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  if (existsSync(target) && readdirSync(target).length > 0) {
    io.err(oneLine(`gba backup: ${target} is not empty; name a new directory`));
    return 73;
  }
  // The copies hold personal data and keys: readable by their owner only, whatever the umask.
  mkdirSync(target, { recursive: true, mode: 0o700 });
  chmodSync(target, 0o700);
  const files: { name: string; path: string }[] = [];
  if (config.graph.engine === 'sqlite') files.push({ name: 'gba.db', path: config.graph.path });
  else io.out('graph store and audit log on Neo4j: back them up with neo4j-admin database dump (docs/operations.md)');
  if (config.graph.engine === 'sqlite') files.push({ name: 'audit.db', path: join(config.dataDir, 'audit.db') });
  if (!config.kafkaBrokers) files.push({ name: 'events.db', path: join(config.dataDir, 'events.db') });
  else io.out('events on Kafka: kept by the brokers (replication and retention), not copied here');
  const manifest: Record<string, unknown> = { createdAt: new Date().toISOString(), files: [] as string[] };
  for (const { name, path } of files) {
    if (!existsSync(path)) {
      io.out(oneLine(`${name}: not there yet (${path}), skipped`));
      continue;
    }
    const db = openSqliteFile(path);
    try {
      // Online backup: pages copied while other processes keep writing; the copy is one consistent state.
      await db.backup(join(target, name));
    } finally {
      db.close();
    }
    chmodSync(join(target, name), 0o600);
    (manifest.files as string[]).push(name);
    io.out(`${name}: copied`);
  }
  for (const keys of ['idp', 'receipts']) {
    const dir = join(config.dataDir, keys);
    if (!existsSync(dir)) continue;
    cpSync(dir, join(target, keys), { recursive: true });
    ownerOnly(join(target, keys));
    (manifest.files as string[]).push(`${keys}/`);
    io.out(`${keys}/: copied (keys: keep this backup as secret as the keys themselves)`);
  }
  writeFileSync(join(target, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  io.out(oneLine(`backup written to ${target}`));
  return 0;
}

/** A copied folder and everything in it: folders 0700, files 0600. */
function ownerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) ownerOnly(path);
    else chmodSync(path, 0o600);
  }
}
