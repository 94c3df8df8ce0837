/**
 * Text that may quote a resident (a rejection's reason, an error's message) made fit for people and
 * places outside the consent boundary: logs (a keyed pseudonym for each person) and operators' views
 * (masked as the dead letters' bodies are). One set of patterns serves both.
 */
import { createHmac } from 'node:crypto';

/** A person's stand-in in logs, e.g. `person~3f9a1c0be27d`; one function per deployment key. */
export type Pseudonym = (personId: string) => string;

/** The pseudonym function of a deployment's secret; the key is derived so it serves only logs. */
export function logPseudonym(secret: string): Pseudonym {
  const key = createHmac('sha256', secret).update('gba connector log pseudonyms v1').digest();
  return (personId) => `person~${createHmac('sha256', key).update(personId).digest('hex').slice(0, 12)}`;
}

/**
 * The pino serializer of a log's `person` field: the person's pseudonym under the deployment's
 * secret, or nothing without one (a log line never names a resident).
 */
export function personSerializer(secret: string | undefined): (id: unknown) => string | undefined {
  const pseudonym = secret ? logPseudonym(secret) : undefined;
  return (id) => (typeof id === 'string' && pseudonym ? pseudonym(id) : undefined);
}

export const PERSON_ID = /\bp-\d+\b/g;
const EMAIL = /[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+/g;
// Seven or more digits, with the separators phone and identity numbers are written with; not a part
// of a longer token (a UUID's groups) and not a date.
const LONG_NUMBER = /(?<![\w-])\+?\d[\d\s().*-]{5,}\d(?![\w-])/g;
const DATE = /^\d{4}-\d{2}-\d{2}/;
// Hong Kong identity card numbers (A123456(7)), which start with letters.
const HKID = /\b[A-Z]{1,2}\d{6}\s*\(?[\dA]\)?/g;
// Mainland identity numbers whose check character is X (LONG_NUMBER stops short of a letter), masked or not.
const MAINLAND_ID_X = /(?<![\w-])\d[\d*]{16}[Xx](?![\w-])/g;
// Macao identity card numbers with their check digit in brackets, 1234567(8) or with a letter,
// M1234567(8): matched before HKID, which would take M123456 and 7 and leave (8) (found by a tester).
const MACAO_ID_CHECK = /(?<![\w-])[A-Z]?\d{7}\s*\(\d\)/g;
// Home Return Permit numbers, H/M and eight (or ten) digits: matched before HKID, which would leave the last.
const HOME_RETURN_PERMIT = /\b[HM]\d{8}(?:\d{2})?\b/g;
// Macao identity card numbers as printed, 1/234567/8: no run of seven digits.
const MACAO_ID = /(?<![\w/-])\d\/\d{6}\/\d(?![\w/-])/g;

/** How each kind of personal value in a text is replaced. */
export interface Replacements {
  readonly person: (id: string) => string;
  readonly email: (address: string) => string;
  readonly number: (digits: string) => string;
}

/** `text` with person ids, e-mail addresses, identity card and other long numbers replaced. */
export function replacePersonal(text: string, by: Replacements): string {
  return text
    .replace(EMAIL, by.email)
    .replace(MACAO_ID_CHECK, by.number)
    .replace(HOME_RETURN_PERMIT, by.number)
    .replace(HKID, by.number)
    .replace(MAINLAND_ID_X, by.number)
    .replace(MACAO_ID, by.number)
    .replace(PERSON_ID, by.person)
    .replace(LONG_NUMBER, (n) => (n.replace(/\D/g, '').length >= 7 && !DATE.test(n) ? by.number(n) : n));
}
