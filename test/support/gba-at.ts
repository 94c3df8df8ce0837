/**
 * `gba` in its own process on a fixed connectors' clock, for tests that kill it: argv[2] is the
 * clock (ISO 8601), the rest the command line; the environment (DATA_DIR) is this process's.
 */
import { main } from '../../services/cli/main.js';

const [now, ...args] = process.argv.slice(2);
const code = await main(args, {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  now: () => new Date(now as string),
});
process.exit(code);
