/** `gba ask "<question>" [--lang en|zh-Hant|zh-Hans|EN|ZH_HANT|ZH_HANS]`: the assistant from the terminal, on the configured graph store. */
import { isEmpty, seedGraph } from '../graph/seed/seed-graph.js';
import { answer } from '../knowledge/assistant/answer.js';
import { openGraphStore, openReceiptSigner } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { oneLine } from './terminal-safe.js';

/**
 * One language, two spellings: the BCP 47 tag of the docs (zh-Hans) and the GraphQL `Lang` enum name
 * (ZH_HANS; enum names cannot hold '-'), so either can be pasted from one into the other.
 */
const LANGS = {
  en: 'en',
  'zh-Hant': 'zhHant',
  'zh-Hans': 'zhHans',
  EN: 'en',
  ZH_HANT: 'zhHant',
  ZH_HANS: 'zhHans',
} as const;

export async function runAsk(args: readonly string[], io: CommandIo): Promise<number> {
  const langAt = args.indexOf('--lang');
  const lang = langAt >= 0 ? args[langAt + 1] : undefined;
  const question = args
    .filter((_, i) => langAt < 0 || (i !== langAt && i !== langAt + 1))
    .join(' ')
    .trim();
  if (!question || (lang !== undefined && !(lang in LANGS))) {
    io.err('usage: gba ask "<question>" [--lang en|zh-Hant|zh-Hans|EN|ZH_HANT|ZH_HANS]');
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const store = await openGraphStore(config.graph);
  try {
    await store.init();
    // Like `gba start`, a fresh data directory gets the sample data set first (SEED_ON_START=auto).
    if (config.seedOnStart && (await isEmpty(store)))
      await seedGraph(store, { receipts: await openReceiptSigner(config) });
    const result = await answer(store, question, lang ? { lang: LANGS[lang as keyof typeof LANGS] } : {});
    io.out(result.text);
    if (result.citations.length > 0) {
      io.out('');
      for (const c of result.citations) io.out(oneLine(`[${c.kind} ${c.id}] ${c.title}${c.url ? ` ${c.url}` : ''}`));
    }
    return result.known ? 0 : 1;
  } finally {
    await store.close();
  }
}
