/**
 * A dead letter's headers, as the operators' API shows them, are masked as its message and body are: a
 * partner may build its event id or subject from an identity number, or send a header of its own with a
 * phone or an e-mail. Found by a tester (probe 12 row 47): `deadLetter { headers }` showed ce_id
 * `A123456(7)`, gba_dlq_event_id and ce_subject `440100198803150000` whole, and a partner's own header
 * verbatim, while `deadLetters` masked the id. Through the gateway with real tokens, the letter made by
 * the real pipeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS, TOPICS } from '../../connectors/transport/event-transport.port.js';
import { drainInto } from '../support/fixture-drain.js';
import { answerAs, type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { CLI_NOW } from '../support/gba-cli.js';
import { signedBinary } from '../support/partner-signing.js';
import { tempDir } from '../support/temp-dir.js';

/** A TD case status refused (its subject is no case of the event's), under an identity number as id and subject. */
const { _expect, ...NO_CONSENT } = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../deploy/seed/gba/events/malformed.jsonl'), 'utf8').split(
    '\n',
  )[20] as string,
);
const EVENT = { ...NO_CONSENT, id: 'A123456(7)', subject: '440100198803150000' };

const dir = tempDir();
const transport = new SqliteEventLog({ path: join(dir.path, 'events.db') });
let fx: GatewayFixture;
beforeAll(async () => {
  await transport.ensureTopics(TOPIC_SPECS);
  fx = await startGatewayFixture({ transport, now: () => new Date() });
  const message = signedBinary(fx.partnerKeys)(EVENT);
  const [sent] = await transport.publish(TOPICS.inboundHk, [
    { ...message, headers: { ...message.headers, x_contact: 'chan@example.com +852 9123 4567' } },
  ]);
  await drainInto(fx, transport, sent ? [{ topic: TOPICS.inboundHk, ...sent }] : [], () => CLI_NOW);
}, 60_000);
afterAll(async () => {
  await fx.close();
  await transport.close();
  dir.remove();
});

const as = answerAs(() => fx);

describe('a dead letter’s headers in the operators’ API', () => {
  it('mask the identity number, the e-mail and the phone a partner put there', async () => {
    const listed = await as('admin', '{ deadLetters { dlqOffset eventId reason } }');
    const [letter] = listed.data.deadLetters;
    expect(letter.eventId).toBe('A•••••••••');
    const a = await as('admin', 'query D($o: ID!) { deadLetter(dlqOffset: $o) { headers { name value } } }', {
      o: letter.dlqOffset,
    });
    expect(a.errors).toBeUndefined();
    const headers = Object.fromEntries(
      a.data.deadLetter.headers.map((h: { name: string; value: string }) => [h.name, h.value]),
    );
    expect(headers.ce_id).toBe('A•••••••••');
    expect(headers.ce_subject).toBe('4•••••••••••••••••');
    const all = JSON.stringify(headers);
    for (const whole of ['A123456', '440100198803150000', 'chan@example.com', '9123 4567'])
      expect(all).not.toContain(whole);
    // What is no personal value stays readable.
    expect(headers.gba_dlq_reason).toBe(letter.reason);
    expect(headers.ce_type).toBe(NO_CONSENT.type);
  });
});
