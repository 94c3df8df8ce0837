import { seedGraph } from '../graph/seed/seed-graph.js';
import { openGraphStore, openReceiptSigner } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';

/** `gba seed`: (re)loads the sample data set into the configured graph store and prints the counts. */
export async function runSeed(_args: readonly string[], io: CommandIo): Promise<number> {
  const config = configOrExit(io);
  if (!config) return 78;
  const store = await openGraphStore(config.graph);
  try {
    await store.init();
    const result = await seedGraph(store, { receipts: await openReceiptSigner(config) });
    io.out(`seeded ${store.engine}: ${result.changed} records written, ${result.unchanged} already up to date`);
    const width = Math.max(...Object.keys(result.counts).map((l) => l.length));
    for (const [label, n] of Object.entries(result.counts)) io.out(`  ${label.padEnd(width)}  ${n}`);
    return 0;
  } finally {
    await store.close();
  }
}
