/**
 * `gba dlq release` chooses its letters as `gba dlq replay` does, among the claimed ones: an event id is
 * unique per source only, so `--id` claimed under two sources is refused, naming them, until `--source`
 * says which; `--source` alone frees one partner system's letters. Claims left by replayers that
 * stopped, in a real SQLite queue; each row runs `gba` and reads the queue after.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters } from '../../connectors/pipeline/dead-letter-queue.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { claimMark, letterOf } from '../support/dlq-marks.js';
import { CLI_NOW, gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);
const TD = 'urn:gba:hk:td';
const HOTLINE = 'urn:gba:hk:1823';

/** `<event id> <source>` of each letter still claimed. */
async function claimed(): Promise<string[]> {
  const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
  try {
    return (await deadLetters(log))
      .filter((l) => l.entry.claim !== null)
      .map((l) => `${l.entry.eventId} ${l.entry.source}`);
  } finally {
    await log.close();
  }
}

// [args, exit status, what it says, the claims left]
const ROWS: [string[], number, string, string[]][] = [
  [
    ['--id', 'dup-1'],
    64,
    `event id dup-1 names claimed dead letters of 2 sources (${HOTLINE}, ${TD})`,
    [`dup-1 ${TD}`, `dup-1 ${HOTLINE}`, `other-1 ${TD}`],
  ],
  [
    ['--id', 'dup-1', '--source', 'urn:gba:hk:nobody'],
    1,
    'no claimed dead letter has event id dup-1, source urn:gba:hk:nobody',
    [`dup-1 ${TD}`, `dup-1 ${HOTLINE}`, `other-1 ${TD}`],
  ],
  [['--id', 'dup-1', '--source', TD], 0, 'released 1 claims', [`dup-1 ${HOTLINE}`, `other-1 ${TD}`]],
  [['--source', TD], 0, 'released 1 claims', [`dup-1 ${HOTLINE}`]],
  [['--id', 'dup-1'], 0, 'released 1 claims', []],
  [['--source', TD], 1, `no claimed dead letter has source ${TD}`, []],
];

describe('gba dlq release --id and --source', () => {
  beforeAll(async () => {
    const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
    try {
      await log.ensureTopics(TOPIC_SPECS);
      const sent = await log.publish(TOPICS.dlq, [
        letterOf('dup-1', TD),
        letterOf('dup-1', HOTLINE),
        letterOf('other-1', TD),
      ]);
      await log.publish(
        TOPICS.dlq,
        sent.map((s) => claimMark(s.offset, 'gba dlq replay ops@host pid 7 #00000000', CLI_NOW)),
      );
    } finally {
      await log.close();
    }
  });

  it.each(ROWS)('gba dlq release %j exits %i saying %s', async (args, code, says, left) => {
    const run = await gba(['dlq', 'release', ...args]);
    expect(run.code).toBe(code);
    expect([...run.out, ...run.err].join('\n')).toContain(says);
    expect((await claimed()).sort()).toEqual(left.toSorted());
  });
});
