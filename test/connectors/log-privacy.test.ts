/**
 * Connector logs leave the consent boundary: while the sample partner events (deploy/seed/gba/events)
 * are ingested, the malformed ones too, no log line names a resident's person id, masked identity
 * number, phone number or e-mail address; a rejection names its person by a keyed pseudonym, the
 * same for the same person within a deployment and another under another deployment's key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drain } from '../../connectors/pipeline/drain.js';
import { logPseudonym, scrub } from '../../connectors/pipeline/log-privacy.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { messagesOf } from '../../services/cli/ingest.js';
import { captureLogs } from '../support/logs.js';
import { signedAs } from '../support/partner-signing.js';
import { seededEngines } from '../support/seeded-engines.js';

const EVENTS = join(import.meta.dirname, '../../deploy/seed/gba/events');
const FILES = ['hk-inbound.jsonl', 'mainland-inbound.jsonl', 'malformed.jsonl'];
const now = () => new Date('2026-11-15T12:00:00+08:00');
const KEYS = ['a'.repeat(64), 'b'.repeat(64)];
const deployments = KEYS.map(() => seededEngines({ pollIntervalMs: 5 }));

async function ingestSamples(deployment: number, logKey: string | undefined) {
  const { store, audit, transport, receipts, partnerKeys } = deployments[deployment] as (typeof deployments)[number];
  const capture = captureLogs('trace');
  const published = [];
  for (const file of FILES)
    for (const m of messagesOf(readFileSync(join(EVENTS, file), 'utf8'))) {
      const topic = m.topic ?? TOPICS.inboundHk;
      published.push(
        ...(await transport.publish(topic, [signedAs(partnerKeys, m.source, m.message)])).map((p) => ({ topic, ...p })),
      );
    }
  await drain({ published, transport, store, audit, receipts, log: capture.log, now, logKey, partnerKeys });
  return capture.lines();
}

const samples = FILES.map((f) => readFileSync(join(EVENTS, f), 'utf8')).join('\n');
const maskedIds = [...new Set(samples.match(/"idNumberMasked": "([^"]+)"/g) ?? [])].map((m) => m.split('"')[3]);
type Person = { id: string; name: { en: string }; idNumber: string; phone: string; email: string };
const persons = JSON.parse(readFileSync(join(EVENTS, '../persons.json'), 'utf8')) as Person[];
const personal: [string, string][] = [
  ...persons.flatMap((p): [string, string][] => [
    ['person id', p.id],
    ['name', p.name.en],
    ['identity number', p.idNumber],
    ['phone', p.phone],
    ['e-mail', p.email],
  ]),
  ...maskedIds.map((m): [string, string] => ['masked identity number', m as string]),
];

describe('connector logs while the sample events are ingested', () => {
  let first: Record<string, unknown>[] = [];
  it('log a line for each rejection, by code and stage, with the person as a pseudonym', async () => {
    first = await ingestSamples(0, KEYS[0]);
    const rejections = first.filter((l) => l.msg === 'event rejected; its reason is in the dead letter');
    expect(rejections.length).toBeGreaterThan(20);
    const withPerson = rejections.filter((l) => l.person !== undefined);
    expect(withPerson.map((l) => l.code)).toContain('NO_CONSENT');
    for (const line of withPerson) expect(line.person).toMatch(/^person~[0-9a-f]{12}$/);
  });

  it('name no person by the pattern of a person id or an e-mail address', () => {
    for (const line of first) expect(JSON.stringify(line)).not.toMatch(/\bp-\d{3,}\b|[\w.+-]+@[\w-]+\.\w/);
  });

  it.each(personal)("do not carry the sample residents' %s %s", (_what, value) => {
    for (const line of first) expect(JSON.stringify(line)).not.toContain(value);
  });

  it('give a person another pseudonym under another deployment key, and none without a key', async () => {
    const pseudonymOf = (key: string) => logPseudonym(key)('p-0012');
    expect(first.map((l) => l.person)).toContain(pseudonymOf(KEYS[0] as string));
    const other = await ingestSamples(1, KEYS[1]);
    expect(other.map((l) => l.person)).toContain(pseudonymOf(KEYS[1] as string));
    expect(other.map((l) => l.person)).not.toContain(pseudonymOf(KEYS[0] as string));
  });
});

describe('scrubbing a thrown error message for the log', () => {
  const pseudonym = logPseudonym(KEYS[0] as string);
  it.each([
    ['person p-0004 does not exist', `person ${pseudonym('p-0004')} does not exist`],
    ['mail ada@example.hk failed', 'mail [e-mail] failed'],
    ['phone +852 9123 4567 refused', 'phone [number] refused'],
    ['id 440300********0000', 'id [number]'],
    ['HKID A123456(7) and Z000001(0)', 'HKID [number] and [number]'],
    ['id 44030019900101001X, 440300********001x', 'id [number], [number]'],
    ['Macao BIR 1/234567/8 refused', 'Macao BIR [number] refused'],
    ['Macao ID M1234567(8) and 1234567(8), check digits too', 'Macao ID [number] and [number], check digits too'],
    ['permits H00000006 and M0000001012', 'permits [number] and [number]'],
    ['event id A123456(7)-1', 'event id [number]-1'],
    [
      'expired on 2026-01-08, event 7f3c0000-0000-4000-8000-000000000018',
      'expired on 2026-01-08, event 7f3c0000-0000-4000-8000-000000000018',
    ],
    ['case-0005 at offset 12', 'case-0005 at offset 12'],
  ])('%s becomes %s', (text, scrubbed) => {
    expect(scrub(text, pseudonym)).toBe(scrubbed);
  });

  it('leaves person ids out without a key', () => {
    expect(scrub('person p-0004', undefined)).toBe('person person~?');
  });
});
