/**
 * A replayer in its own process, for the claim test: opens the embedded log at argv[2], reads the
 * dead letters, says `ready`, waits for a line on stdin, then replays every letter it read and prints
 * per letter the offset it was sent to, or null when another replayer had claimed it.
 */
import { createInterface } from 'node:readline';
import { deadLetters, resend } from '../../connectors/pipeline/dead-letter-queue.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';

const log = new SqliteEventLog({ path: process.argv[2] as string });
const letters = await deadLetters(log);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
const sent = await resend(log, letters, { name: 'replay-after-go', now: () => new Date(), leaseMs: 300_000 });
process.stdout.write(`${JSON.stringify(sent.map((s) => s?.offset ?? null))}\n`);
await log.close();
