/**
 * A first delivery backdated to a time its consent was in force gains nothing: the data crosses when
 * the platform processes the event, so the consent must still be in force then (deploy/seed/gba/README.md,
 * "Consent rule used by the fixtures"). Through `gba ingest` into a seeded store, on the connectors'
 * clock: a refused event changes no case, leaves no ALLOW audit entry and publishes nothing outbound.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { SqliteAuditLog } from '../../services/consent/audit/sqlite/sqlite-audit-log.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const dir = tempDir();
afterAll(() => dir.remove());

// `gba` runs the connectors on CLI_NOW (2026-11-15 12:00 +08:00), after con-0002 expired and con-0004 was revoked.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { data: Record<string, unknown> };
const line = (file: string, n: number) =>
  JSON.parse(readFileSync(join(EVENTS, file), 'utf8').split('\n')[n - 1] as string) as Json;

/** hk-inbound.jsonl line 7 (case-0002, con-0002 expired 2026-01-08) or line 27 (case-0001, con-0001), moved to `time`. */
const hk = (n: number, id: string, time: string, previousStatus: string, status: string): Json => {
  const e = line('hk-inbound.jsonl', n);
  return { ...e, id, time, data: { ...e.data, previousStatus, status, statusChangedAt: time } };
};
/** mainland-inbound.jsonl line 13 (case-0007, con-0004 revoked 2026-01-25), moved to 2026-01-20. */
const revokedSince = (): Json => {
  const e = line('mainland-inbound.jsonl', 13);
  const id = 'GDZW-20260120100000-9901';
  return {
    ...e,
    id,
    time: '2026-01-20T10:00:00+08:00',
    data: { ...e.data, banli_zt: 21, shangyi_zt: 10, gengxin_sj: '2026-01-20 10:00:00' },
  };
};

// [title, event, case, subject, the refusal's code or null when applied, consent of the ALLOW entry]
const ROWS: [string, Json, string, string, string | null, string | null][] = [
  [
    'backdated under a consent expired since (con-0002)',
    hk(7, 'backdated-expired', '2026-01-07T10:00:00+08:00', 'DOCUMENTS_REQUIRED', 'UNDER_PROCESSING'),
    'case-0002',
    'p-0005',
    'CONSENT_EXPIRED',
    null,
  ],
  [
    'backdated under a consent revoked since (con-0004)',
    revokedSince(),
    'case-0007',
    'p-0007',
    'CONSENT_REVOKED',
    null,
  ],
  [
    'timely, under a consent in force (con-0001)',
    hk(27, 'timely-in-force', '2026-11-15T10:00:00+08:00', 'UNDER_PROCESSING', 'APPROVED'),
    'case-0001',
    'p-0004',
    null,
    'con-0001',
  ],
];

async function caseOf(id: string) {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    return JSON.stringify(await store.getByIds('Case', [id]));
  } finally {
    await store.close();
  }
}

/** The consents of the inbound consent step's ALLOW entries for the event. */
async function allows(subject: string, eventId: string) {
  const audit = new SqliteAuditLog({ path: join(dir.path, 'audit.db') });
  try {
    const records = await audit.bySubject(subject, { first: 1000 });
    return records
      .filter((r) => r.requestId === eventId && r.decision === 'allow' && r.resource.startsWith('inbound event'))
      .map((r) => r.consentId);
  } finally {
    await audit.close();
  }
}

/** How many outbound messages to the Mainland carry `kase`. */
async function outboundFor(kase: string) {
  const log = new SqliteEventLog({ path: join(dir.path, 'events.db') });
  try {
    const events = (await log.readAll(TOPICS.outboundMainland)).map((m) => decode(m));
    return events.filter((d) => d.ok && JSON.stringify(d.event).includes(`"${kase}"`)).length;
  } finally {
    await log.close();
  }
}

describe('a first delivery judged when it is processed as well as at its own time', () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  it.each(ROWS)('%s', async (_title, event, kase, subject, refusal, allowedUnder) => {
    const before = await caseOf(kase);
    const outBefore = await outboundFor(kase);
    const file = join(dir.path, `${event.id}.jsonl`);
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const ingest = await gba(['ingest', file]);
    expect(ingest.code).toBe(refusal ? 65 : 0);
    const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      reason: string;
      message: string;
    }[];
    const letter = letters.find((l) => l.eventId === event.id);
    expect(letter?.reason ?? null).toBe(refusal);
    if (refusal) expect(letter?.message).toMatch(/since the event and before it was processed/);
    expect((await caseOf(kase)) === before).toBe(refusal !== null);
    expect(await allows(subject, event.id as string)).toEqual(allowedUnder ? [allowedUnder] : []);
    expect((await outboundFor(kase)) - outBefore).toBe(refusal ? 0 : 1);
  });

  it('leaves the audit chain intact', async () => {
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
