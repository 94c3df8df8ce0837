/**
 * A refused consent attempt is an audit record of the person whose consent it names, else of the person it
 * names (connectors/pipeline/consent-attempt.ts): the hostile set's grants, revocations and expiries
 * (deploy/seed/hostile/), refused for SUBJECT_MISMATCH, CONSENT_FINAL, CONSENT_TERMS_CHANGED,
 * NOT_AUTHORISED_FOR_RECORD, …, each in that person's trail (DENY, the reason code, who sent it) once
 * however often the partner sends it again, and once more for each replay (a new decision, made at the
 * replay: test/connectors/replay-decisions-audited.test.ts); none for a person who does not
 * exist, nor for an event on the other side's topic. `gba ingest` and `gba dlq replay` into a seeded SQLite
 * store; the trail read through the gateway over the same store, as the auditor and as the resident.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerBySource } from '../../connectors/partners/catalogue.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { type GatewayFixture, gatewayOver } from '../support/gateway-fixture.js';
import { CLI_NOW, gbaIn } from '../support/gba-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const gba = gbaIn(dir.path);
let fx: GatewayFixture;

interface Sample {
  id: string;
  source: string;
  type: string;
  time: string;
  data: Record<string, unknown>;
  _expect: string;
}
const HOSTILE = join(import.meta.dirname, '../../deploy/seed/hostile/hostile.jsonl');
/** The hostile set's consent events: each its id, sender, type, the person it names and its refusal. */
const attempts = readFileSync(HOSTILE, 'utf8')
  .split('\n')
  .filter((l) => /"type": "(hk\.iamsmart\.consent|cn\.gd\.authorization)\./.test(l))
  .map((l) => JSON.parse(l) as Sample);
const person = (e: Sample) => (e.data.subjectRef ?? e.data.shouquanren_bh) as string;
const consentOf = (e: Sample) => (e.data.consentId ?? e.data.shouquan_bh) as string;
const SEEDED = JSON.parse(readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/consents.json'), 'utf8')) as {
  id: string;
  subject: string;
}[];
/** Whose trail holds the attempt: the subject of the seeded consent it names, else the person it names. */
const owner = (e: Sample) => SEEDED.find((c) => c.id === consentOf(e))?.subject ?? person(e);
const change = (e: Sample) =>
  e.type.endsWith('granted') ? 'grant' : e.type.endsWith('revoked') ? 'revocation' : 'expiry';

/** iAM Smart reviving p-0007's revoked con-0004 (hostile-07) under `id`, at `time`. */
const revive = (id: string, time: string) => ({ ...(attempts.find((e) => e.id === 'hostile-07') as Sample), id, time });
/** A grant for a person no one is. */
const nobody = (() => {
  const e = revive('attempt-nobody', '2026-11-15T09:00:00+08:00');
  return { ...e, subject: 'con-nobody', data: { ...e.data, subjectRef: 'p-9999', consentId: 'con-nobody' } };
})();
/** Ahead of the connectors' clock (FUTURE_TIME, refused before it is judged), fine an hour later. */
const ahead = revive('attempt-ahead', '2026-11-15T12:30:00+08:00');
const LATER = new Date(CLI_NOW.getTime() + 3_600_000);

async function ingest(events: readonly object[], topic: string = TOPICS.inboundHk) {
  const file = join(dir.path, 'attempts.jsonl');
  writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return gba(['ingest', file, '--topic', topic]);
}

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
  fx = await gatewayOver(dir.path, () => CLI_NOW);
  // Each sent twice (the same bytes: a redelivery), on its own side's topic, then every letter replayed.
  for (const side of [TOPICS.inboundHk, TOPICS.inboundMainland]) {
    const mine = attempts.filter((e) => e.type.startsWith('hk.') === (side === TOPICS.inboundHk));
    for (let i = 0; i < 2; i++) expect((await ingest(mine, side)).code).toBe(65);
  }
  expect((await ingest([nobody, ahead])).code).toBe(65);
  // hostile-07 under another id on the Mainland topic: not iAM Smart's to send, so no attempt of it.
  expect(
    (await ingest([revive('attempt-wrong-topic', '2026-11-15T09:00:00+08:00')], TOPICS.inboundMainland)).code,
  ).toBe(65);
  expect((await gba(['dlq', 'replay'])).code).toBe(65);
});
afterAll(async () => {
  await fx?.close();
  dir.remove();
});

interface Node {
  who: string;
  decision: string;
  resource: string;
  reason: string;
  requestId: string;
  consentId: string | null;
}
const NODE = 'edges { node { who decision resource reason requestId consentId } }';

async function as(who: string, query: string): Promise<Node[]> {
  const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
  const answer = (await (await fx.query(query, { headers })).json()) as {
    data: Record<string, { edges: { node: Node }[] }>;
    errors?: unknown;
  };
  expect(answer.errors).toBeUndefined();
  return (Object.values(answer.data)[0]?.edges ?? []).map((e) => e.node);
}
const trail = (subject: string) => as('auditor', `{ auditTrail(subject: "${subject}", first: 100) { ${NODE} } }`);

describe('a refused consent attempt is in the trail of the person whose consent it names', () => {
  it('covers every kind of refusal in the hostile set', () => {
    expect(new Set(attempts.map((e) => e._expect.split(':')[0]))).toEqual(
      new Set([
        'NOT_AUTHORISED_FOR_RECORD',
        'CONSENT_FINAL',
        'SUBJECT_MISMATCH',
        'CONSENT_TERMS_CHANGED',
        'FUTURE_TIME',
        'CONSENT_TIME_BEFORE_GRANT',
        'CONTROLLER_NOT_OF_CASE',
      ]),
    );
  });

  it.each(attempts.map((e) => [e.id, e] as const))(
    '%s: DENY, with its reason and sender, once sent (twice) and once replayed',
    async (id, e) => {
      const mine = (await trail(owner(e))).filter((r) => r.requestId === id);
      const record = {
        who: partnerBySource.get(e.source)?.clientId ?? 'gba-connectors',
        decision: 'DENY',
        resource: `consent ${consentOf(e)} ${change(e)} by event ${id} (${e.type}) refused`,
        reason: e._expect.split(':')[0],
      };
      expect(mine).toMatchObject([record, record]);
      expect([null, consentOf(e)]).toContain(mine[0]?.consentId);
    },
  );

  it('an attempt on another person’s consent is theirs: the person it names reads nothing of it', async () => {
    // hostile-08 revokes con-0003, p-0006's, as p-0001's: in p-0006's trail, their consent named.
    expect((await trail('p-0006')).find((r) => r.requestId === 'hostile-08')?.consentId).toBe('con-0003');
    const named = await trail('p-0001');
    expect(named.map((r) => r.requestId)).not.toContain('hostile-08');
    expect(JSON.stringify(named)).not.toContain('con-0003');
    expect((await trail('p-0007')).find((r) => r.requestId === 'hostile-07')?.consentId).toBe('con-0004');
  });

  it('the resident sees the attempts about them, marked DENY', async () => {
    const mine = await as('p-0004', `{ myDataAccesses(outcome: DENY, first: 100) { ${NODE} } }`);
    const ids = attempts.filter((e) => owner(e) === 'p-0004').map((e) => e.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(mine.map((r) => r.requestId)).toEqual(expect.arrayContaining(ids));
  });

  it('records nothing for a person who does not exist, nor for an event on the other side’s topic', async () => {
    expect(await trail('p-9999')).toEqual([]);
    expect((await trail('p-0007')).map((r) => r.requestId)).not.toContain('attempt-wrong-topic');
    const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      reason: string;
    }[];
    expect(letters.find((l) => l.eventId === 'attempt-nobody')?.reason).toBe('UNKNOWN_REFERENCE_PERSON');
    expect(letters.find((l) => l.eventId === 'attempt-wrong-topic')?.reason).toBe('WRONG_TOPIC_FOR_SOURCE');
  });

  it('an attempt first refused before it was judged is recorded once judged: once per replay that judges it', async () => {
    expect((await trail('p-0007')).map((r) => r.requestId)).not.toContain('attempt-ahead');
    for (let i = 0; i < 2; i++)
      expect((await gbaIn(dir.path, LATER)(['dlq', 'replay', '--id', 'attempt-ahead'])).code).toBe(65);
    const record = {
      decision: 'DENY',
      reason: 'CONSENT_FINAL',
      resource: expect.stringMatching(/^consent con-0004 grant by event/),
    };
    expect((await trail('p-0007')).filter((r) => r.requestId === 'attempt-ahead')).toMatchObject([record, record]);
  });

  it('leaves the audit chain intact', async () => {
    expect((await gba(['audit', 'verify'])).code).toBe(0);
  });
});
