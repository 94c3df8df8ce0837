/**
 * The operators' API through the gateway on the embedded transport, with real tokens: partner
 * traffic per event type, the dead-letter queue listed, inspected with personal values masked and
 * replayed with each outcome (refused again, then applied once its cause is fixed), outbound topics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import type { Consent } from '../../schema/domain/index.js';
import { claimMark, letterOf } from '../support/dlq-marks.js';
import { drainInto } from '../support/fixture-drain.js';
import { answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { CLI_NOW } from '../support/gba-cli.js';
import { signedBinary } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const line = (file: string, n: number) =>
  JSON.parse(readFileSync(join(EVENTS, file), 'utf8').split('\n')[n - 1] as string);
/** Refused for want of a consent: p-0012's driving record from gd-psd to hk-td. */
const NO_CONSENT = line('malformed.jsonl', 21);
/** Accepted: case-0001's licence application changes status, under con-0001 (in force until 2027-07-19). */
const GOOD = line('hk-inbound.jsonl', 27);

const dir = tempDir();
const transport = new SqliteEventLog({ path: join(dir.path, 'events.db') });
let fx: GatewayFixture;
beforeAll(async () => {
  await transport.ensureTopics(TOPIC_SPECS);
  // The wall clock: traffic windows are measured against the log's append times.
  fx = await startGatewayFixture({ transport, now: () => new Date() });
  const published = [];
  for (const event of [NO_CONSENT, GOOD]) {
    const { _expect, ...clean } = event;
    const [sent] = await transport.publish(TOPICS.inboundHk, [signedBinary(fx.partnerKeys)(clean)]);
    if (sent) published.push({ topic: TOPICS.inboundHk, ...sent });
  }
  // The consent gate's clock, not the wall clock: GOOD's consent is in force then.
  await drainInto(fx, transport, published, () => CLI_NOW);
});
afterAll(async () => {
  await fx.close();
  await transport.close();
  dir.remove();
});

const as = answerAs(() => fx);

const LETTERS = `query L($reason: String, $partner: String) { deadLetters(reason: $reason, partner: $partner) {
  dlqOffset reason eventId source type topic } }`;
const REPLAY = 'mutation R($o: [ID!]!) { replayDeadLetters(dlqOffsets: $o) { dlqOffset eventId outcome reason } }';
const noConsentLetter = async () =>
  (await as('admin', LETTERS, { reason: 'NO_CONSENT' })).data.deadLetters.find(
    (l: { eventId: string }) => l.eventId === NO_CONSENT.id,
  );

describe('the operators’ API', () => {
  it.each([
    ['hk-official', 'FORBIDDEN'],
    ['auditor', 'FORBIDDEN'],
    ['p-0012', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('is for admins: %s gets %s', async (who, code) => {
    const a = await as(who, '{ deadLetters { dlqOffset } outboundTopics { topic } partnerSystems { source } }');
    expect(a.data).toEqual({ deadLetters: null, outboundTopics: null, partnerSystems: null });
    expect(a.errors?.map((e) => e.extensions.code)).toEqual([code, code, code]);
  });

  it.each([
    [{ reason: 'NO_CONSENT' }, [NO_CONSENT.id]],
    [{ partner: 'urn:gba:hk:td' }, [NO_CONSENT.id]],
    [{ partner: 'urn:gba:sz:ishenzhen' }, []],
    [{ reason: 'UNKNOWN_TYPE' }, []],
  ])('lists the dead letters with %o', async (filter, ids) => {
    const a = await as('admin', LETTERS, filter);
    expect(a.errors).toBeUndefined();
    expect(a.data.deadLetters.map((l: { eventId: string }) => l.eventId)).toEqual(ids);
  });

  it('lists each dead letter’s message with the person it names masked, as in its body', async () => {
    const a = await as('admin', '{ deadLetters { eventId message } }');
    expect(a.errors).toBeUndefined();
    const { message } = a.data.deadLetters.find((l: { eventId: string }) => l.eventId === NO_CONSENT.id);
    expect(message).toMatch(/^personal data of p••••• \(/);
    expect(message).not.toContain('p-0012');
  });

  it('shows one dead letter with its headers and its body, personal values masked', async () => {
    const { dlqOffset } = await noConsentLetter();
    const a = await as(
      'admin',
      'query D($o: ID!) { deadLetter(dlqOffset: $o) { letter { reason type message } headers { name value } body } }',
      {
        o: dlqOffset,
      },
    );
    expect(a.errors).toBeUndefined();
    const { letter, headers, body } = a.data.deadLetter;
    expect(letter).toMatchObject({ reason: 'NO_CONSENT', type: 'hk.td.licence-application.status-changed' });
    // The message names the person as the body does: masked, in the letter and in Kafka Connect's header.
    expect(letter.message).toMatch(/^personal data of p••••• \(identity, driving-record/);
    expect(headers).toContainEqual({ name: '__connect.errors.exception.message', value: letter.message });
    expect(JSON.stringify(headers)).not.toContain('p-0012');
    expect(headers).toContainEqual({ name: 'gba_dlq_reason', value: 'NO_CONSENT' });
    expect(body).not.toContain('p-0012');
    expect(body).not.toContain('440100');
    // Binary content mode: the body is the event's data, the attributes are headers.
    expect(JSON.parse(body)).toMatchObject({
      caseId: 'case-0003',
      applicantRef: 'p•••••',
      personalData: {
        subjectId: 'p•••••',
        idNumberMasked: '4•••••••••••••••••',
        categories: ['identity', 'driving-record'],
      },
    });
    expect(
      (await as('admin', 'query D($o: ID!) { deadLetter(dlqOffset: $o) { body } }', { o: '999999' })).errors?.[0]
        ?.extensions.code,
    ).toBe('NOT_FOUND');
  });

  it('replays a dead letter: refused again while its cause stands, applied once it is fixed, and says so for each', async () => {
    const first = await noConsentLetter();
    // Named twice, the letter is replayed and answered once: one refusal back in the queue, not two.
    const again = await as('admin', REPLAY, { o: [first.dlqOffset, '999999', first.dlqOffset] });
    expect(again.errors).toBeUndefined();
    expect(again.data.replayDeadLetters).toEqual([
      { dlqOffset: first.dlqOffset, eventId: NO_CONSENT.id, outcome: 'rejected', reason: 'NO_CONSENT' },
      {
        dlqOffset: '999999',
        eventId: null,
        outcome: 'not-found',
        reason: 'no dead letter is or was at this offset',
      },
    ]);
    const queued = (await as('admin', LETTERS, { reason: 'NO_CONSENT' })).data.deadLetters;
    expect(queued.filter((l: { eventId: string }) => l.eventId === NO_CONSENT.id)).toHaveLength(1);
    // The cause fixed: p-0012 consents to hk-td seeing the identity and driving record for case-0003.
    const consent: Consent = {
      id: 'con-op-0001',
      subject: 'p-0012',
      controller: 'gd-psd',
      recipient: 'hk-td',
      recipientJurisdiction: 'HK',
      purpose: 'licence-conversion',
      dataCategories: ['identity', 'driving-record'],
      legalBasis: 'consent',
      grantedBy: 'platform',
      grantedAt: '2026-01-01T00:00:00Z',
      expiresAt: '2030-01-01T00:00:00Z',
      revokedAt: null,
      case: 'case-0003',
      version: 1,
      synthetic: false,
      receipts: [],
    };
    await fx.store.write([{ label: 'Consent', records: [consent] }]);
    const second = await noConsentLetter();
    expect(second.dlqOffset).not.toBe(first.dlqOffset);
    const applied = await as('admin', REPLAY, { o: [second.dlqOffset] });
    expect(applied.data.replayDeadLetters).toEqual([
      { dlqOffset: second.dlqOffset, eventId: NO_CONSENT.id, outcome: 'applied', reason: null },
    ]);
    expect(await noConsentLetter()).toBeUndefined();
    // Replayed again by a replay that came after (found by a tester): the letter has left the queue, and
    // the replay that came second is told another claimed it and sent it back, by whom and when (found by
    // a tester: `not-found`, as for an offset where no letter ever was).
    const late = (await as('admin', REPLAY, { o: [second.dlqOffset] })).data.replayDeadLetters;
    expect(late).toEqual([
      {
        dlqOffset: second.dlqOffset,
        eventId: NO_CONSENT.id,
        outcome: 'already-replayed',
        reason: expect.stringMatching(
          /^another replay claimed this dead letter and sent it back \(operators' API \S+ pid \d+ #\w+, at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
        ),
      },
    ]);
  });

  it('counts each partner’s traffic per event type, accepted and rejected by reason, over the last hour and day', async () => {
    const a = await as(
      'admin',
      `{ partnerSystems { source authority traffic { type
      lastHour { accepted rejected rejectedByReason { reason count } } lastDay { accepted rejected } } } }`,
    );
    expect(a.errors).toBeUndefined();
    const td = a.data.partnerSystems.find((p: { source: string }) => p.source === 'urn:gba:hk:td');
    expect(td.authority).toEqual(['hk.td.', 'hk.gov.']);
    const status = td.traffic.find((t: { type: string }) => t.type === 'hk.td.licence-application.status-changed');
    expect(status.lastHour.accepted).toBeGreaterThanOrEqual(1);
    expect(status.lastHour.rejectedByReason).toContainEqual({ reason: 'NO_CONSENT', count: status.lastHour.rejected });
    expect(status.lastDay).toEqual({ accepted: status.lastHour.accepted, rejected: status.lastHour.rejected });
    const ishenzhen = a.data.partnerSystems.find((p: { source: string }) => p.source === 'urn:gba:sz:ishenzhen');
    expect(ishenzhen.traffic).toEqual([]);
  });

  it('shows the same counts as the counter /metrics serves, per partner, event type, outcome and reason', async () => {
    const metrics = await (await fx.gateway.fetch('http://gateway.test/metrics')).text();
    // Every sample of gba_partner_events_total, as "partner type outcome reason" → count.
    const served = new Map<string, number>();
    for (const [, labels, value] of metrics.matchAll(/^gba_partner_events_total\{(.*)\} (\d+)$/gm)) {
      const l = Object.fromEntries([...(labels as string).matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      served.set(`${l.partner} ${l.type} ${l.outcome} ${l.reason}`, Number(value));
    }
    expect(served.size).toBeGreaterThan(0);
    const a = await as(
      'admin',
      '{ partnerSystems { source traffic { type lastDay { accepted rejectedByReason { reason count } } } } }',
    );
    const shown = new Map<string, number>();
    for (const p of a.data.partnerSystems)
      for (const t of p.traffic) {
        if (t.lastDay.accepted > 0) shown.set(`${p.source} ${t.type} accepted `, t.lastDay.accepted);
        for (const r of t.lastDay.rejectedByReason) shown.set(`${p.source} ${t.type} rejected ${r.reason}`, r.count);
      }
    expect(shown).toEqual(served);
    expect(served.get('urn:gba:hk:td hk.td.licence-application.status-changed rejected NO_CONSENT')).toBeGreaterThan(0);
  });

  it('lists the outbound topics with their latest messages, newest first', async () => {
    const a = await as('admin', '{ outboundTopics(last: 5) { topic total recent { type id subject appendedAt } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data.outboundTopics.map((t: { topic: string }) => t.topic)).toEqual([
      'gba.outbound.hk',
      'gba.outbound.mainland',
    ]);
    const mainland = a.data.outboundTopics[1];
    expect(mainland.total).toBeGreaterThanOrEqual(1);
    expect(mainland.recent).toContainEqual(
      expect.objectContaining({ type: 'gba.case.status-changed', subject: 'case-0001' }),
    );
    expect((await as('admin', '{ outboundTopics(last: 0) { topic } }')).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'last',
    });
  });
});

describe('a dead letter’s claim in deadLetters', () => {
  const CLAIMS = '{ deadLetters { eventId source claim { by since until lapsed } } }';
  it('says who holds a replay’s lease and until when, lapsed or not, and null where none does', async () => {
    const [held, gone] = await transport.publish(TOPICS.dlq, [
      letterOf('claimed-held', 'urn:gba:hk:td'),
      letterOf('claimed-gone', 'urn:gba:hk:td'),
    ]);
    const since = new Date(Date.now() - 60_000);
    const long = new Date(Date.now() - 3_600_000);
    await transport.publish(TOPICS.dlq, [
      claimMark(held?.offset as string, 'gba dlq replay ops@host-a pid 41 #0a1b2c3d', since),
      claimMark(gone?.offset as string, 'gba dlq replay ops@host-b pid 42 #4e5f6a7b', long),
    ]);
    const shown = (await as('admin', CLAIMS)).data.deadLetters as { eventId: string; claim: unknown }[];
    const claimOf = (id: string) => shown.find((l) => l.eventId === id)?.claim;
    expect(claimOf('claimed-held')).toEqual({
      by: 'gba dlq replay ops@host-a pid 41 #0a1b2c3d',
      since: since.toISOString(),
      until: new Date(since.getTime() + 300_000).toISOString(),
      lapsed: false,
    });
    expect(claimOf('claimed-gone')).toMatchObject({ by: 'gba dlq replay ops@host-b pid 42 #4e5f6a7b', lapsed: true });
    expect(shown.filter((l) => !l.eventId.startsWith('claimed-')).every((l) => l.claim === null)).toBe(true);
  });

  it('is for admins only, as the rest of the queue', async () => {
    const a = await as('auditor', CLAIMS);
    expect(a.data).toEqual({ deadLetters: null });
    expect(a.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });
});
