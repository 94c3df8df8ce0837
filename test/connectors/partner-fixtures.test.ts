/**
 * Every partner system's recorded fixtures (connectors/partners/<side>/fixtures/<system>/<type>.v1.json):
 * the event passes its contract and maps to exactly the canonical changes recorded beside it, also
 * after a trip through the Kafka binding. Every partner and every event type has one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, PARTNERS } from '../../connectors/partners/catalogue.js';
import { decode, toBinary } from '../../connectors/pipeline/cloudevents.js';
import { validate } from '../../connectors/pipeline/validate.js';

const ROOT = join(import.meta.dirname, '../../connectors/partners');

const fixtures = ['hk', 'mainland'].flatMap((side) =>
  readdirSync(join(ROOT, side, 'fixtures')).flatMap((system) =>
    readdirSync(join(ROOT, side, 'fixtures', system)).map((file) => {
      const recorded = JSON.parse(readFileSync(join(ROOT, side, 'fixtures', system, file), 'utf8')) as {
        event: Record<string, unknown> & { source: string; type: string };
        canonical: unknown;
      };
      return { name: `${system}/${file}`, ...recorded };
    }),
  ),
);

describe('partner fixtures', () => {
  it('cover every partner system and every event type of the catalogue', () => {
    expect(new Set(fixtures.map((f) => f.event.source))).toEqual(new Set(PARTNERS.map((p) => p.source)));
    expect(new Set(fixtures.map((f) => f.event.type))).toEqual(new Set(EVENT_TYPES.keys()));
  });

  it.each(fixtures)('$name maps to the recorded canonical changes', ({ event, canonical }) => {
    const direct = validate(event);
    expect(direct.ok && direct.event.canonical).toEqual(canonical);
    const decoded = decode(toBinary(event));
    expect(decoded.ok).toBe(true);
    const carried = decoded.ok ? validate(decoded.event) : null;
    expect(carried?.ok && carried.event.canonical).toEqual(canonical);
    expect(carried?.ok && direct.ok && carried.event.digest).toBe(direct.ok && direct.event.digest);
  });

  it('refuses a fixture sent by a system of the other side', () => {
    const hk = fixtures.find((f) => f.event.source === 'urn:gba:hk:td');
    const result = validate({ ...(hk?.event ?? {}), source: 'urn:gba:sz:ishenzhen' });
    expect(result.ok ? null : result.rejection.code).toBe('SOURCE_TYPE_MISMATCH');
  });

  it.each([
    ['a field', (long: string) => ({ note: long }), 'data.note'],
    ['an array item', (long: string) => ({ notes: ['short', long] }), 'data.notes[1]'],
    ['a field in an array item', (long: string) => ({ notes: [{}, { text: long }] }), 'data.notes[1].text'],
  ])('names the path of an oversized string in %s', (_where, extra, path) => {
    const event: Record<string, unknown> = fixtures.find((f) => f.event.source === 'urn:gba:hk:td')?.event ?? {};
    const data = { ...(event.data as object), ...extra('x'.repeat(70_000)) };
    const result = validate({ ...event, data });
    expect(result.ok ? null : result.rejection).toMatchObject({
      code: 'OVERSIZED_STRING',
      message: `${path} is 70000 characters, over the 64 KiB (65536) string limit`,
    });
  });
});
