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
  // Values JSON.stringify would write otherwise than canonical(): each goes the key-by-key way.
  { name: 'a Date as a value', entry: { ...entry, at: new Date(0) } as unknown as AuditEntry },
  { name: 'a record as a value', entry: { ...entry, reason: { b: 1, a: 2 } } as unknown as AuditEntry },
  {
    name: 'an array with undefined and a record',
    entry: {
      ...entry,
      categories: new Array(5).fill('x').map((x, i) => (i === 1 ? undefined : i === 2 ? { b: 1, a: 2 } : x)),
    } as unknown as AuditEntry,
  },
  {
    name: 'numbers that are not finite, and minus zero',
    entry: { ...entry, consentVersion: Number.NaN, requestId: -0 } as unknown as AuditEntry,
  },
  { name: 'a function as a value', entry: { ...entry, purpose: () => 1 } as unknown as AuditEntry },
  { name: 'an actor that is not a record', entry: { ...entry, actor: 'u-1' } as unknown as AuditEntry },
  { name: 'an actor that is null', entry: { ...entry, actor: null } as unknown as AuditEntry },
  { name: 'an actor with a prototype of its own', entry: { ...entry, actor: new Map() } as unknown as AuditEntry },
  { name: 'a record with no prototype', entry: Object.assign(Object.create(null), entry) as AuditEntry },
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

  it('writes a copy in key order only when its JSON is canonical()’s', () => {
    const encode = canonicalEncoder(['b', 'a'], { a: canonicalEncoder(['y', 'x']) });
    expect(encode.sortedCopy({ b: [1, 'x', null, true], a: { y: 1, x: 'z' } })).toEqual({
      a: { x: 'z', y: 1 },
      b: [1, 'x', null, true],
    });
    for (const value of [
      { b: new Date(0) },
      { b: [{}] },
      { b: [undefined] },
      { a: { w: 1 } },
      { c: 1 },
      [1],
      null,
      'x',
    ])
      expect(encode.sortedCopy(value)).toBeNull();
    // Keys JavaScript lists first whatever their order never take the copy.
    expect(canonicalEncoder(['10', '9', 'a']).sortedCopy({ 10: 1, 9: 2, a: 3 })).toBeNull();
    expect(canonicalEncoder(['10', '9', 'a'])({ a: 3, 9: 2, 10: 1 })).toBe(canonical({ 10: 1, 9: 2, a: 3 }));
  });

  it('leaves the omitted key out, by either way', () => {
    const encode = canonicalEncoder(['b', 'a', 'r'], {}, { omitted: 'r' });
    expect(encode({ b: 1, a: 'x', r: ['y'] })).toBe('{"a":"x","b":1}');
    expect(encode({ b: new Date(0), a: 'x', r: ['y'] })).toBe(canonical({ b: new Date(0), a: 'x' }));
    expect(encode({ b: 1, c: { z: 1, y: 2 }, r: ['y'] })).toBe(canonical({ b: 1, c: { z: 1, y: 2 } }));
  });

  it('is not fooled by a toJSON put on the prototypes', () => {
    const proto = Object.prototype as { toJSON?: () => string };
    proto.toJSON = () => 'polluted';
    try {
      expect(recordBody(7, entry)).toBe(canonical({ ...entry, seq: 7 }));
    } finally {
      delete proto.toJSON;
    }
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
