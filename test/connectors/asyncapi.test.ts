/**
 * The AsyncAPI document (schema/asyncapi.json) matches the code, every reference in it resolves, and
 * its JSON Schemas say what the zod contracts say: every recorded partner fixture and every sample
 * event of the data set fits its message's payload schema, and the platform's own outbound events
 * fit theirs. `gba partners` lists the same catalogue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from '../../connectors/asyncapi.js';
import { EVENT_TYPES, PARTNERS } from '../../connectors/partners/catalogue.js';
import { decode } from '../../connectors/pipeline/cloudevents.js';
import { announcementOutbound, practiceOutbound, questionOutbound } from '../../connectors/pipeline/outbound.js';
import { PLATFORM_CONTRACTS } from '../../connectors/pipeline/outbound-contracts.js';
import { ASYNCAPI_PATH } from '../../schema/print.js';
import { main } from '../../services/cli/main.js';
import type { partnerListing } from '../../services/cli/partners.js';
import { practiceFixture } from '../support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON.
type Json = any;
const doc: Json = asyncApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const payloadOf = (message: string) => ajv.compile(doc.components.messages[message].payload);

const ROOT = join(import.meta.dirname, '../../connectors/partners');
const fixtures = ['hk', 'mainland'].flatMap((side) =>
  readdirSync(join(ROOT, side, 'fixtures')).flatMap((system) =>
    readdirSync(join(ROOT, side, 'fixtures', system)).map(
      (file) => JSON.parse(readFileSync(join(ROOT, side, 'fixtures', system, file), 'utf8')).event as Json,
    ),
  ),
);
const SAMPLE = join(import.meta.dirname, '../../deploy/seed/gba/events');
const samples = ['hk-inbound.jsonl', 'mainland-inbound.jsonl'].flatMap((f) =>
  readFileSync(join(SAMPLE, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Json),
);

describe('the AsyncAPI document', () => {
  it('is the committed schema/asyncapi.json (run `npm run schema:print` after changing a contract)', () => {
    expect(JSON.parse(readFileSync(ASYNCAPI_PATH, 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('is AsyncAPI 3 with every topic of DESIGN.md’s connectors and every event type of the catalogue', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((c: Json) => c.address);
    expect(addresses.sort()).toEqual([
      'gba.dlq',
      'gba.inbound.hk',
      'gba.inbound.mainland',
      'gba.outbound.hk',
      'gba.outbound.mainland',
    ]);
    const names = Object.values(doc.components.messages).map((m: Json) => m.name);
    for (const type of [...EVENT_TYPES.keys(), ...Object.keys(PLATFORM_CONTRACTS)]) expect(names).toContain(type);
  });

  it('has no reference that leads nowhere', () => {
    const refs: string[] = [];
    const walk = (node: Json) => {
      if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string') refs.push(node.$ref);
        for (const v of Object.values(node)) walk(v);
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(40);
    for (const ref of refs) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce((at: Json, key) => at?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('accepts every recorded partner fixture and every sample event by its message’s payload schema', () => {
    const events = [...fixtures, ...samples];
    expect(events.length).toBeGreaterThan(100);
    for (const event of events) {
      const check = payloadOf(`${event.type}.v1`);
      expect(check(event.data), `${event.type} ${event.id}: ${ajv.errorsText(check.errors)}`).toBe(true);
    }
  });

  it('refuses what the contracts refuse where JSON Schema can say it: a missing field, an unknown code', () => {
    const hk = fixtures.find((e) => e.type === 'hk.gov.practice.shared');
    const { title: _, ...untitled } = hk.data;
    expect(payloadOf('hk.gov.practice.shared.v1')(untitled)).toBe(false);
    const cn = fixtures.find((e) => e.type === 'cn.gd.case.status-changed');
    expect(payloadOf('cn.gd.case.status-changed.v1')({ ...cn.data, bumen_bm: '999999-XX' })).toBe(false);
  });

  it('describes the platform’s own outbound events as they are sent', () => {
    const events = [
      announcementOutbound({
        id: 'ann-hk-x',
        agency: 'hk-td',
        jurisdiction: 'HK',
        title: { en: 'a', zhHant: 'b', zhHans: 'c' },
        body: { en: 'a', zhHant: 'b', zhHans: 'c' },
        kind: 'new-service',
        importance: 'major',
        effectiveFrom: '2026-05-01',
        publishedAt: '2026-04-01T00:00:00.000Z',
        relatedServices: [],
        sourceUrl: null,
        synthetic: false,
      }),
      questionOutbound({
        id: 'q-1',
        practice: 'prac-x',
        ownerAgency: 'sz-gov-data-bureau',
        ownerJurisdiction: 'SZ',
        text: 'How?',
        askedAt: '2026-04-01T00:00:00.000Z',
        askedBy: { username: 'hk-official', agency: 'hk-td', jurisdiction: 'HK' },
        answers: [],
        updatedAt: '2026-04-01T00:00:00.000Z',
      }),
      practiceOutbound(practiceFixture('prac-hk-x', { topics: ['kiosks'] })),
      practiceOutbound(practiceFixture('prac-sz-x', { jurisdiction: 'SZ', agency: 'sz-gov-data-bureau' })),
    ];
    for (const message of events) {
      const decoded = decode({ headers: message?.headers ?? {}, value: Buffer.from(message?.value ?? '', 'base64') });
      expect(decoded.ok).toBe(true);
      const event = decoded.ok ? decoded.event : ({} as Json);
      const name = event.type.startsWith('gba.') ? `${event.type}.v1` : `${event.type}.v1.platform`;
      const check = payloadOf(name);
      expect(check(event.data), `${name}: ${ajv.errorsText(check.errors)}`).toBe(true);
      expect(
        Object.keys(doc.channels).some(
          (c) => doc.channels[c].address === message?.topic && doc.channels[c].messages[name],
        ),
      ).toBe(true);
    }
  });
});

describe('gba partners', () => {
  it('lists every partner system with the event types and versions it sends and receives', async () => {
    const out: string[] = [];
    expect(await main(['partners', '--json'], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} })).toBe(0);
    const listing = JSON.parse(out.join('\n')) as ReturnType<typeof partnerListing>;
    expect(listing.map((p) => p.source)).toEqual(PARTNERS.map((p) => p.source));
    const td = listing.find((p) => p.source === 'urn:gba:hk:td');
    expect(td?.sends).toContainEqual({ type: 'hk.td.licence-application.status-changed', version: 1 });
    expect(td?.receives).toContainEqual({ type: 'hk.gov.practice.shared', version: 1 });
    // Every event type has a sender, and nobody may send the other side's dialect.
    const sent = new Set(listing.flatMap((p) => p.sends.map((s) => s.type)));
    expect([...EVENT_TYPES.keys()].filter((t) => !sent.has(t))).toEqual([]);
    for (const p of listing) for (const s of p.sends) expect(EVENT_TYPES.get(s.type)?.side).toBe(p.side);

    const text: string[] = [];
    expect(await main(['partners'], { out: (l) => text.push(l), err: (l) => text.push(l), env: {} })).toBe(0);
    expect(text).toContain('Transport Department licensing (urn:gba:hk:td)');
    expect(text).toContain('    cn.gd.authorization.granted  v1');
    expect(await main(['partners', '--xml'], { out: () => {}, err: () => {}, env: {} })).toBe(64);
  });
});
