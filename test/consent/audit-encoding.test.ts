/**
 * The audit log hashes each record's canonical encoding. recordBody encodes it through an encoder
 * made for its shape (canonicalEncoder), which must give canonical()'s bytes for every entry, or the
 * chains written before it would no longer verify.
 */
import { describe, expect, it } from 'vitest';
import { type AuditEntry, recordBody } from '../../services/consent/audit/audit-log.port.js';
import { canonical, canonicalEncoder } from '../../services/consent/audit/canonical.js';

const entry: AuditEntry = {
  at: '2026-03-01T04:00:00.000Z',
  actor: {
    subject: 'u-1',
    username: 'hk-official',
    clientId: 'gba-cli',
    agency: 'hk-td',
    jurisdiction: 'HK',
    roles: ['official'],
  },
  subject: 'p-0004',
  categories: ['identity', 'driving-record'],
  resource: 'case case-0001',
  purpose: 'licence-conversion',
  consentId: 'con-0001',
  consentVersion: 2,
  decision: 'allow',
  reason: 'consent con-0001',
  requestId: 'req-1',
};

const entries: { name: string; entry: AuditEntry }[] = [
  { name: 'an allowed decision by an official', entry },
  {
    name: 'a denial with no consent, purpose nor optional actor fields',
    entry: {
      ...entry,
      actor: { subject: 'u-2', clientId: 'gba-console', roles: ['resident', 'official'] },
      purpose: null,
      consentId: null,
      consentVersion: null,
      decision: 'deny',
      reason: 'no active consent covers contact for hk-td',
    },
  },
  { name: 'an actor field present but undefined', entry: { ...entry, actor: { ...entry.actor, username: undefined } } },
  { name: 'text needing escapes and non-ASCII', entry: { ...entry, reason: 'a "quoted"\nline \u2028 張偉 \u{1f600}' } },
  { name: 'no categories', entry: { ...entry, categories: [] } },
  { name: 'a stored entry that carries its own seq', entry: { ...entry, seq: 99 } as AuditEntry },
  { name: 'a key the shape does not know', entry: { ...entry, extra: { z: 1, a: [2, null] } } as AuditEntry },
  {
    name: 'an actor key the shape does not know',
    entry: { ...entry, actor: { ...entry.actor, scope: 'x' } } as AuditEntry,
  },
];

describe('the encoding of an audit record', () => {
  it.each(entries)('is canonical()’s, for $name', ({ entry }) => {
    expect(recordBody(7, entry)).toBe(canonical({ ...entry, seq: 7 }));
  });

  it('keeps canonical()’s key order and leaves undefined values out', () => {
    const encode = canonicalEncoder(['b', 'a', 'c']);
    expect(encode({ b: 1, a: 'x', c: undefined })).toBe('{"a":"x","b":1}');
    expect(encode({ b: 1, d: 2 })).toBe(canonical({ b: 1, d: 2 }));
    expect(encode([{ b: 1 }])).toBe('[{"b":1}]');
  });
});

describe('canonical()', () => {
  // Keys in order are not sorted again, and quoted keys are kept: the bytes must not depend on either.
  it.each([
    {
      name: 'keys out of order',
      value: { b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } },
      text: '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    },
    {
      name: 'integer-like keys (listed first by JavaScript)',
      value: { 10: 'a', 9: 'b', a: 1 },
      text: '{"10":"a","9":"b","a":1}',
    },
    {
      name: 'keys beyond the basic plane and needing escapes',
      value: { é: 1, '\u{1F600}': 2, ｚ: 3, 'a"\n': 4 },
      text: '{"a\\"\\n":4,"é":1,"\u{1F600}":2,"ｚ":3}',
    },
    { name: 'undefined left out, in arrays null', value: { a: undefined, b: [undefined, 1] }, text: '{"b":[null,1]}' },
  ])('encodes $name with its keys in UTF-16 order', ({ value, text }) => {
    expect(canonical(value)).toBe(text);
    expect(canonical(value)).toBe(canonical(JSON.parse(JSON.stringify(value))));
  });
});
