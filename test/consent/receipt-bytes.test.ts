/**
 * What a consent receipt signs is written in canonical key order directly (signedText), without the
 * copies of the consent canonical() took: the bytes must be canonical()'s own for every consent, with
 * and without the leaf's salt, or a receipt signed now would not verify as before.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Consent } from '../../schema/domain/index.js';
import { canonical } from '../../services/consent/audit/canonical.js';
import { type ReceiptEvent, signedText } from '../../services/consent/receipts.js';

const seeded = JSON.parse(readFileSync('deploy/seed/gba/consents.json', 'utf8')) as Consent[];

/** The rule as written before: canonical() of the item without the consent's receipts. */
function signedBefore(event: ReceiptEvent, consent: Consent, at: Date, salt: string | null): string {
  const { receipts: _earlier, ...rest } = consent;
  const signed = { event, at: at.toISOString(), consent: rest };
  return canonical(salt === null ? signed : { ...signed, salt });
}

const at = new Date('2026-03-01T08:00:00.123Z');
const odd = {
  ...(seeded[0] as Consent),
  // Keys out of order, an undefined optional field, escapes, a key beyond the basic plane.
  zeta: 'a"b\\c\n\u2028',
  case: undefined,
  '\u{1f600}': ['é', undefined],
  receipts: ['x~y~z'],
} as unknown as Consent;

describe('signedText', () => {
  it.each([
    ...seeded.map((c) => ({ name: c.id, consent: c })),
    { name: 'a consent with no receipts yet', consent: { ...(seeded[0] as Consent), receipts: [] } },
    { name: 'keys out of order, undefined, escapes', consent: odd },
  ])('writes canonical()’s bytes: $name', ({ consent }) => {
    for (const event of ['granted', 'revoked', 'expired'] as const) {
      expect(signedText({ event, consent, at }, null)).toBe(signedBefore(event, consent, at, null));
      expect(signedText({ event, consent, at }, 'c2FsdC1zYWx0LXNhbHQ')).toBe(
        signedBefore(event, consent, at, 'c2FsdC1zYWx0LXNhbHQ'),
      );
    }
    expect(signedText({ event: 'granted', consent, at }, null)).not.toContain('"receipts"');
  });
});
