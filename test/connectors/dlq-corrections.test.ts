/**
 * A partner's corrected resend under the same id, from the outside (`gba ingest`, `gba dlq replay`):
 * while every version of (source, id) was refused, other bytes are a correction, judged as new; once
 * one applies, the earlier dead letters are superseded (a replay answers so and applies nothing).
 * An applied id reused with other bytes stays a conflict; the same bytes again stay rejected earlier;
 * another source's same id is its own event (docs/operations.md, "Replay the dead-letter queue").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../services/cli/main.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { asPartnersSend } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
// Line 18: a service update from 1823 naming a service that does not exist (UNKNOWN_REFERENCE_SERVICE).
const TEMPLATE = JSON.parse(readFileSync(join(EVENTS, 'malformed.jsonl'), 'utf8').split('\n')[17] as string);
const dir = tempDir();
afterAll(() => dir.remove());

type Event = Record<string, unknown>;
/** A service update with this id: `serviceId` unknown refuses it, the 1823 service lets it in. */
const update = (id: string, serviceId: string, title: string, source = 'urn:gba:hk:1823'): Event => {
  const { _expect, ...e } = TEMPLATE;
  return {
    ...e,
    id,
    source,
    subject: serviceId,
    time: '2026-03-01T09:00:00+08:00',
    data: { ...e.data, serviceId, version: 40, title: { en: title, zhHant: title } },
  };
};
const bad = (id: string, source?: string) => update(id, 'svc-hk-td-teleport-licence', 'first, wrong', source);
const fixed = (id: string, title = 'corrected', source?: string) => update(id, 'svc-hk-1823-enquiry', title, source);
const stillBad = (id: string) => update(id, 'svc-hk-none-such', 'second, wrong too');

async function gba(args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await main(asPartnersSend(args), {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    env: { DATA_DIR: dir.path },
  });
  return { code, out };
}

let files = 0;
/** `gba ingest --json` of one event: its exit status and what became of it. */
async function ingest(event: Event): Promise<{ code: number; applied: number; rejected: Record<string, number> }> {
  const file = join(dir.path, `e${files++}.jsonl`);
  writeFileSync(file, `${JSON.stringify(event)}\n`);
  const { code, out } = await gba(['ingest', file, '--json']);
  const summary = JSON.parse(out.find((l) => l.startsWith('{')) as string);
  return { code, applied: summary.applied, rejected: summary.rejected };
}

const lettersOf = async (id: string) =>
  (JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as { eventId: string; message: string }[]).filter(
    (l) => l.eventId === id,
  );

async function serviceTitle(): Promise<string> {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const [s] = await store.getByIds('Service', ['svc-hk-1823-enquiry']);
    return (s as unknown as { title: { en: string } }).title.en;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
});

interface Row {
  readonly title: string;
  /** Sent one after the other, each with the exit status and rejection `gba ingest` gives it. */
  readonly sends: readonly { event: (id: string) => Event; code: number; rejected: Record<string, number> }[];
  /** `gba dlq replay --id`: its exit status and each letter's outcome line. */
  readonly replay: { code: number; outcomes: readonly RegExp[] };
  /** Dead letters of the id left after the replay. */
  readonly left: number;
}

const UNKNOWN = { UNKNOWN_REFERENCE_SERVICE: 1 };
const ROWS: Row[] = [
  {
    title: 'refused, then corrected and applied: the first letter is superseded',
    sends: [
      { event: bad, code: 65, rejected: UNKNOWN },
      { event: (id) => fixed(id, `corrected ${id}`), code: 0, rejected: {} },
    ],
    replay: { code: 0, outcomes: [/ superseded by a later version \(not applied\)$/] },
    left: 0,
  },
  {
    title: 'refused, then corrected and refused again: each letter replayed with its reason, none superseded',
    sends: [
      { event: bad, code: 65, rejected: UNKNOWN },
      { event: stillBad, code: 65, rejected: UNKNOWN },
    ],
    replay: {
      code: 65,
      outcomes: [/ rejected UNKNOWN_REFERENCE_SERVICE$/, / rejected UNKNOWN_REFERENCE_SERVICE$/],
    },
    left: 2,
  },
  {
    title: 'refused, then the same bytes again: rejected earlier, one letter',
    sends: [
      { event: bad, code: 65, rejected: UNKNOWN },
      { event: bad, code: 65, rejected: { REJECTED_EARLIER: 1 } },
    ],
    replay: { code: 65, outcomes: [/ rejected UNKNOWN_REFERENCE_SERVICE$/] },
    left: 1,
  },
  {
    title: 'applied, then other bytes: a conflict, and its replay still one',
    sends: [
      { event: (id) => fixed(id, `applied ${id}`), code: 0, rejected: {} },
      { event: bad, code: 65, rejected: { DUPLICATE_ID_DIFFERENT_PAYLOAD: 1 } },
    ],
    replay: { code: 65, outcomes: [/ rejected DUPLICATE_ID_DIFFERENT_PAYLOAD$/] },
    left: 1,
  },
  {
    title: 'applied from 1823, the same id from ITIB with other bytes: its own refusal, not a conflict',
    sends: [
      { event: (id) => fixed(id, `applied ${id}`), code: 0, rejected: {} },
      { event: (id) => bad(id, 'urn:gba:hk:itib'), code: 65, rejected: { NOT_AUTHORISED_FOR_RECORD: 1 } },
    ],
    replay: { code: 65, outcomes: [/ rejected NOT_AUTHORISED_FOR_RECORD$/] },
    left: 1,
  },
];

describe('a same-id resend with other bytes, through gba ingest and gba dlq replay', () => {
  it.each(ROWS.map((r, i) => [r.title, r, `dlq-correction-${i}`] as const))('%s', async (_title, row, id) => {
    for (const send of row.sends) {
      const got = await ingest(send.event(id));
      expect({ code: got.code, rejected: got.rejected }).toEqual({ code: send.code, rejected: send.rejected });
    }
    const replay = await gba(['dlq', 'replay', '--id', id]);
    expect(replay.code).toBe(row.replay.code);
    const outcomes = replay.out.filter((l) => l.startsWith(`  ${id}  `));
    expect(outcomes).toHaveLength(row.replay.outcomes.length);
    for (const [i, pattern] of row.replay.outcomes.entries()) expect(outcomes[i]).toMatch(pattern);
    expect(await lettersOf(id)).toHaveLength(row.left);
  });

  it('keeps the corrected version applied after the superseded letter is replayed', async () => {
    const id = 'dlq-correction-late';
    await ingest(bad(id));
    await ingest(fixed(id, 'the correction stays'));
    expect((await gba(['dlq', 'replay', '--id', id])).code).toBe(0);
    expect(await serviceTitle()).toBe('the correction stays');
  });
});
