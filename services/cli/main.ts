/** Entry of the `gba` command (the package's bin). */
import type { Command, CommandIo } from './commands.js';
import { helpText } from './help.js';
import { oneLine, terminalSafe } from './terminal-safe.js';

export const COMMANDS: readonly Command[] = [
  {
    name: 'start',
    usage: 'gba start [--only gateway,knowledge,exchange,consent,connectors]',
    summary: 'run the whole platform, seeded (embedded engines by default)',
    run: async (args, io) => (await import('./start.js')).runStart(args, io),
  },
  {
    name: 'seed',
    usage: 'gba seed',
    summary: '(re)load the sample data set into the graph store',
    run: async (args, io) => (await import('./seed.js')).runSeed(args, io),
  },
  {
    name: 'token',
    usage: 'gba token <username>',
    summary: 'print an access token for a demo user or partner client',
    run: async (args, io) => (await import('./token.js')).runToken(args, io),
  },
  {
    name: 'ingest',
    usage: 'gba ingest <file.jsonl> [--topic T] [--sign | --as <source>] [--keys <file>]',
    summary: 'send CloudEvents from a file to the inbound topic; print what became of each',
    run: async (args, io) => (await import('./ingest.js')).runIngest(args, io),
  },
  {
    name: 'dlq',
    usage:
      'gba dlq list [--json] | replay [--id ID] [--source SOURCE] [--offset N] | release --id ID [--source SOURCE]|--source SOURCE|--all',
    summary: 'list or replay the dead-letter queue; release the claims of a replayer that stopped',
    details: [
      'list     every dead letter not yet replayed, its event id masked as personal text, @ its offset;',
      '         a claimed one says "claimed by <replayer> since <time>"',
      'replay   claim the letters (or those of one --id, --source or --offset), send them back, wait,',
      '         print each outcome; --id takes the real event id; an --id that names letters of two sources',
      '         exits 64 naming them (event ids are unique per source only: add --source), 1 naming none;',
      '         exits 0 when every one went in, 65 when any was rejected again, 75 when another replayer',
      '         holds a claim on some that has not lapsed (they stay listed with it); a lapsed claim',
      '         (DLQ_CLAIM_LEASE_SECONDS, 300) is taken over by the next replay; a letter another replay',
      '         claimed and sent back first is "already replayed" (by whom, when), exit 0; --offset N',
      '         takes a whole number (the @N of the list), anything else exits 64',
      'release  drop the claims on the letters of one event id (of one --source), of one --source, or on',
      '         all, for a replayer known to have stopped; an --id claimed under two sources exits 64 naming',
      '         them (add --source); exits 0, or 1 when --id/--source name no claimed letter',
      'exits 64 on a wrong option or argument, 78 on a bad configuration',
    ],
    run: async (args, io) => (await import('./dlq.js')).runDlq(args, io),
  },
  {
    name: 'audit',
    usage: 'gba audit verify',
    summary: "check the audit log's hash chain; exit 1 naming the first bad record",
    run: async (args, io) => (await import('./audit.js')).runAudit(args, io),
  },
  {
    name: 'ask',
    usage: 'gba ask "<question>" [--lang en|zh-Hant|zh-Hans|EN|ZH_HANT|ZH_HANS]',
    summary: 'ask the assistant from the terminal; exit 1 when it does not know',
    run: async (args, io) => (await import('./ask.js')).runAsk(args, io),
  },
  {
    name: 'schema',
    usage: 'gba schema check [--against FILE]',
    summary: 'report breaking changes against the committed supergraph; exit 1 on any',
    run: async (args, io) => (await import('./schema.js')).runSchema(args, io),
  },
  {
    name: 'partners',
    usage: 'gba partners [--json]',
    summary: 'list partner systems with the event types and versions each sends and receives',
    run: async (args, io) => (await import('./partners.js')).runPartners(args, io),
  },
  {
    name: 'backup',
    usage: 'gba backup <new-directory>',
    summary: 'copy the embedded graph, audit log, event log and keys, consistently, while running',
    run: async (args, io) => (await import('./backup.js')).runBackup(args, io),
  },
  {
    name: 'keys',
    usage:
      'gba keys receipts [--out DIR] | rotate-receipts [--out DIR] | rotate-idp | partner-add <source> | partner-retire <key id>',
    summary:
      'create or rotate the consent receipts signing key; rotate the dev identity provider key; rotate a partner system’s keys',
    run: async (args, io) => (await import('./keys.js')).runKeys(args, io),
  },
  {
    name: 'help',
    usage: 'gba help',
    summary: 'this list',
    run: async (_args, io) => {
      io.out(helpText(COMMANDS));
      return 0;
    },
  },
];

/** `io` whose every line is shown safely on a terminal (./terminal-safe.ts). */
const safeIo = (io: CommandIo): CommandIo => ({
  ...io,
  out: (line) => io.out(terminalSafe(line)),
  err: (line) => io.err(terminalSafe(line)),
});

export async function main(argv: readonly string[], rawIo: CommandIo): Promise<number> {
  const io = safeIo(rawIo);
  const [name, ...args] = argv;
  const wanted = name === undefined || name === '--help' || name === '-h' ? 'help' : name;
  const command = COMMANDS.find((c) => c.name === wanted);
  if (!command) {
    io.err(oneLine(`gba: unknown command "${name}"; run "gba help" for the list`));
    return 64;
  }
  // `gba <command> --help` prints the command's usage and runs nothing: `gba dlq replay --help` once
  // replayed every dead letter.
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    io.out(command.summary);
    for (const line of command.details ?? []) io.out(`  ${line}`);
    return 0;
  }
  return command.run(args, io);
}
