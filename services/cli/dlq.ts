/**
 * `gba dlq list [--json]` and `gba dlq replay [--id ID]`. A replay sends the original bytes and
 * headers back to their topic (marked as a replay, so an event rejected before may now be applied),
 * marks the dead letters replayed, and waits for the connectors as `gba ingest` does. It exits 65,
 * as `gba ingest` does, when any replayed event is rejected again.
 */
import { pino } from 'pino';
import { SUPERSEDED } from '../../connectors/pipeline/batch-record.js';
import { deadLetters, resend } from '../../connectors/pipeline/dead-letter-queue.js';
import { drain } from '../../connectors/pipeline/drain.js';
import { TOPIC_SPECS } from '../../connectors/transport/event-transport.port.js';
import type { Receipt } from '../graph/graph-store.port.js';
import { operatorEntry } from '../operations/dead-letters.js';
import {
  openAuditLog,
  openDeploymentSecret,
  openGraphStore,
  openReceiptSigner,
  openTransport,
} from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { EXIT_REJECTED, receiptsOf, summaryLines } from './ingest.js';

const summaryRejected = (summary: { rejected: Record<string, number> }): boolean =>
  Object.keys(summary.rejected).length > 0;

/** `rejected NO_CONSENT`, `applied`, `applied, under consent con-X in place of con-Y (CONSENT_REVOKED)`. */
const outcomeText = (r: Receipt): string => {
  if (r.reason === SUPERSEDED) return 'superseded by a later version (not applied)';
  return r.reason === null
    ? r.disposition
    : `${r.disposition}${r.disposition === 'rejected' ? ' ' : ', under '}${r.reason}`;
};

export async function runDlq(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'list' && action !== 'replay') {
    io.err('usage: gba dlq list [--json] | replay [--id ID]');
    return 64;
  }
  const idAt = rest.indexOf('--id');
  const id = idAt >= 0 ? rest[idAt + 1] : undefined;
  if (idAt >= 0 && !id) {
    io.err('gba dlq replay: --id needs an event id');
    return 64;
  }
  // An option it does not know is refused, never ignored: `replay --ids X` would replay every letter.
  const known = action === 'list' ? ['--json'] : ['--id'];
  const unknown = rest.find((a, i) => a.startsWith('-') && !known.includes(a) && !(i === idAt + 1 && idAt >= 0));
  if (unknown !== undefined) {
    io.err(`gba dlq ${action}: unknown option ${unknown}; usage: gba dlq list [--json] | replay [--id ID]`);
    return 64;
  }
  const stray = rest.find((a, i) => !a.startsWith('-') && !(idAt >= 0 && i === idAt + 1));
  if (stray !== undefined) {
    io.err(`gba dlq ${action}: unexpected argument ${stray}; usage: gba dlq list [--json] | replay [--id ID]`);
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  const transport = await openTransport(config);
  try {
    await transport.ensureTopics(TOPIC_SPECS);
    const letters = await deadLetters(transport);
    if (action === 'list') {
      if (rest.includes('--json'))
        io.out(
          JSON.stringify(
            letters.map((l) => operatorEntry(l.entry)),
            null,
            2,
          ),
        );
      else if (letters.length === 0) io.out('the dead-letter queue is empty');
      else
        for (const e of letters.map((l) => operatorEntry(l.entry)))
          io.out(`${e.time}  ${e.reason.padEnd(32)} ${e.eventId ?? '(no id)'}  ${e.message}`);
      return 0;
    }
    const chosen = id ? letters.filter((l) => l.entry.eventId === id) : letters;
    if (chosen.length === 0) {
      io.err(id ? `gba dlq replay: no dead letter has event id ${id}` : 'the dead-letter queue is empty');
      return id ? 1 : 0;
    }
    const claimed = await resend(transport, chosen);
    const published = claimed.filter((p) => p !== null);
    // A letter another replayer (the operators' API, another `gba dlq replay`) claimed first is theirs.
    const taken = chosen.filter((_, i) => claimed[i] === null);
    for (const { entry } of taken) io.out(`  ${entry.eventId ?? '(no id)'}  already replayed`);
    if (published.length === 0) {
      io.out(`replayed 0 dead letters: another replay claimed all ${chosen.length} first`);
      return 0;
    }
    const log = pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2));
    const store = await openGraphStore(config.graph);
    const audit = await openAuditLog(config, log);
    try {
      await store.init();
      const summary = await drain({
        published,
        transport,
        store,
        audit,
        receipts: await openReceiptSigner(config),
        log,
        logKey: openDeploymentSecret(config),
        limits: config.eventLimits,
        now: io.now,
      });
      io.out(`replayed ${published.length} dead letters`);
      for (const line of summaryLines(summary)) io.out(line);
      // Each event's outcome: one that failed again is back in the queue with its new reason; one let
      // in under a consent granted since says which consent replaced the one it names.
      const each = await receiptsOf(store, published);
      for (const r of each) io.out(`  ${r.eventId ?? '(no id)'}  ${outcomeText(r)}`);
      // As `gba ingest`: a script that replays learns that some events are still refused.
      return summaryRejected(summary) || each.some((r) => r.disposition === 'rejected') ? EXIT_REJECTED : 0;
    } finally {
      await audit.close();
      await store.close();
    }
  } finally {
    await transport.close();
  }
}
