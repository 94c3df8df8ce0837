/**
 * A replay is a new decision, a redelivery is not: an event refused for consent (the consent gate's
 * personal data, or a consent grant, revocation or expiry the lifecycle refuses) is one DENY in the
 * person's trail when it is first judged, none more when the partner sends the same bytes again, and one
 * more for each `gba dlq replay`, made at the replay's time (the replay is judged then: consent as of
 * the replay, docs/operations.md). Before, a refused consent attempt was recorded once per payload however
 * often it was replayed, while the gate's refusal was recorded at every replay: the two doors disagreed
 * (found by a code-blind tester). `gba ingest` and `gba dlq replay` into a seeded SQLite store, the trail
 * read as the auditor through the gateway over the same store.
 */
import { describe, expect, it } from 'vitest';
import { CLI_NOW, gbaIn, ingestOne } from '../support/gba-cli.js';
import { seededGateway } from '../support/gba-gateway.js';
import { iamSmartGrant, sample } from '../support/pipeline-events.js';

const { dir, gba, fixture } = seededGateway();

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const TIME = '2026-11-15T10:00:00+08:00';
/** The two replays' clocks: an hour and two after the first delivery. */
const REPLAYS = [1, 2].map((h) => new Date(CLI_NOW.getTime() + h * 3_600_000));

const revokeCon0003AsP0001: Json = {
  specversion: '1.0',
  id: 'replayed-2',
  source: 'urn:gba:hk:dpo:iamsmart',
  type: 'hk.iamsmart.consent.revoked',
  subject: 'con-0003',
  time: TIME,
  datacontenttype: 'application/json',
  data: { consentId: 'con-0003', subjectRef: 'p-0001', revokedAt: TIME, reason: { en: 'x', zhHant: 'x' } },
};
const cnGrantOfCon0002AsP0004 = (() => {
  const e = sample('mainland-inbound', 'YSS-20251108194000-0002') as Json;
  const data = { ...e.data, shouquanren_bh: 'p-0004', pingtai_ajbh: null, shouquan_sj: '2026-11-15 10:00:00' };
  return { ...e, id: 'replayed-3', time: TIME, data } as Json;
})();
/** TD's status of case-0002 carrying p-0005's data under con-0002, which expired on 2026-01-08. */
const tdStatusUnderExpired = {
  ...(sample('hk-inbound', '4d78f316-b9e4-5d75-b352-8a2de513d9c6') as Json),
  id: 'replayed-4',
  time: TIME,
};

// [title, event, topic, whose trail, the reason of each decision]
const ROWS: [string, Json, string, string, string][] = [
  [
    'consent grant reviving revoked con-0004 (lifecycle)',
    { ...iamSmartGrant('con-0004', TIME, { subjectRef: 'p-0007' }), id: 'replayed-1' } as Json,
    'gba.inbound.hk',
    'p-0007',
    'CONSENT_FINAL',
  ],
  [
    'HK revocation of p-0006’s con-0003 as p-0001 (lifecycle)',
    revokeCon0003AsP0001,
    'gba.inbound.hk',
    'p-0006',
    'SUBJECT_MISMATCH',
  ],
  [
    'Mainland grant reusing p-0005’s con-0002 as p-0004 (lifecycle)',
    cnGrantOfCon0002AsP0004,
    'gba.inbound.mainland',
    'p-0005',
    'SUBJECT_MISMATCH',
  ],
  [
    'case status with personal data under an expired consent (gate)',
    tdStatusUnderExpired,
    'gba.inbound.hk',
    'p-0005',
    'CONSENT_EXPIRED',
  ],
];

interface Node {
  at: string;
  decision: string;
  reason: string;
  requestId: string;
}

async function decisionsOn(person: string, eventId: string): Promise<Node[]> {
  const headers = { authorization: `Bearer ${await fixture().idp.token('auditor')}` };
  const query = `{ auditTrail(subject: "${person}", first: 100) { edges { node { at decision reason requestId } } } }`;
  const answer = (await (await fixture().query(query, { headers })).json()) as {
    data: { auditTrail: { edges: { node: Node }[] } };
  };
  return answer.data.auditTrail.edges
    .map((e) => e.node)
    .filter((n) => n.requestId === eventId)
    .toSorted((a, b) => a.at.localeCompare(b.at));
}

describe('a refused event is one decision when judged, none when sent again, one more per replay', () => {
  it.each(ROWS)('%s', async (_title, event, topic, person, reason) => {
    // Sent twice, the same bytes: a redelivery, judged once.
    for (let i = 0; i < 2; i++) expect((await ingestOne(gba, dir.path, event, topic)).code).toBe(65);
    expect(await decisionsOn(person, event.id)).toMatchObject([{ decision: 'DENY', reason }]);
    for (const at of REPLAYS) {
      const replay = await gbaIn(dir.path, at)(['dlq', 'replay', '--id', event.id]);
      expect(replay.code, replay.out.join('\n')).toBe(65);
    }
    const decisions = await decisionsOn(person, event.id);
    expect(decisions.map((d) => [d.at, d.decision, d.reason])).toEqual(
      [CLI_NOW, ...REPLAYS].map((at) => [at.toISOString(), 'DENY', reason]),
    );
  });
});
