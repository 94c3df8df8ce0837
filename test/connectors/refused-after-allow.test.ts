/**
 * The resident's trail says data crossed only for an event that went in: an event carrying personal
 * data under a consent in force but refused for another reason (here STALE_PREVIOUS_STATUS, found when
 * the change is applied) leaves no ALLOW, neither when first judged nor at any replay; only its dead
 * letter says why. An event that goes in is one ALLOW, as before, and a replay is still a new decision
 * (a consent DENY at each replay: replay-decisions-audited.test.ts).
 * Found by a tester (probe 11 row 61): each judgement of a stale case status appended `inbound event …
 * ALLOW consent …`, one more per replay, for an event that never applied. `gba ingest` and
 * `gba dlq replay` into a seeded SQLite store, the trail read as the auditor through the gateway.
 */
import { describe, expect, it } from 'vitest';
import { CLI_NOW, gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
const REPLAYS = [1, 2].map((h) => new Date(CLI_NOW.getTime() + h * 3_600_000));

/** TD's status of case-0001 (in review) carrying p-0004's data under con-0001, in force. */
function tdStatus(id: string, previousStatus: string, status: string): Json {
  const e = sample('hk-inbound', '908644fc-cff5-537b-9527-77f6d7d2334a') as Json;
  return { ...e, id, time: TIME, data: { ...e.data, previousStatus, status, statusChangedAt: TIME } };
}

async function decisionsOn(person: string, eventId: string): Promise<{ decision: string; reason: string }[]> {
  const headers = { authorization: `Bearer ${await fixture().idp.token('auditor')}` };
  const query = `{ auditTrail(subject: "${person}", first: 100) { edges { node { decision reason requestId resource } } } }`;
  const answer = (await (await fixture().query(query, { headers })).json()) as {
    data: {
      auditTrail: { edges: { node: { decision: string; reason: string; requestId: string; resource: string } }[] };
    };
  };
  return answer.data.auditTrail.edges
    .map((e) => e.node)
    .filter((n) => n.requestId === eventId && n.resource.startsWith('inbound event'))
    .map(({ decision, reason }) => ({ decision, reason }));
}

describe('the consent gate’s ALLOW is in the trail only for an event that went in', () => {
  it('a stale status under a consent in force: no ALLOW, first judged or replayed', async () => {
    const stale = tdStatus('p11-61-stale', 'DOCUMENTS_REQUIRED', 'APPROVED');
    expect((await ingestOne(gba, dir.path, stale)).code).toBe(65);
    expect(await lettersOf(gba)).toMatchObject([{ reason: 'STALE_PREVIOUS_STATUS' }]);
    expect(await decisionsOn('p-0004', stale.id)).toEqual([]);
    for (const at of REPLAYS) {
      const replay = await gbaIn(dir.path, at)(['dlq', 'replay', '--id', stale.id]);
      expect(replay.code, replay.out.join('\n')).toBe(65);
      expect(replay.out.join('\n')).toContain('rejected STALE_PREVIOUS_STATUS');
    }
    expect(await decisionsOn('p-0004', stale.id)).toEqual([]);
  });

  it('the same status with the case’s own previous status goes in: one ALLOW', async () => {
    const good = tdStatus('p11-61-good', 'UNDER_PROCESSING', 'APPROVED');
    expect((await ingestOne(gba, dir.path, good)).code).toBe(0);
    expect(await decisionsOn('p-0004', good.id)).toEqual([{ decision: 'ALLOW', reason: 'consent con-0001' }]);
  });
});
