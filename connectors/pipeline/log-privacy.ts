/**
 * Connector logs leave the consent boundary (they go to whoever runs the log shipping), so a log line
 * names no resident: a rejection is logged by its code, stage and position, its person by a keyed
 * pseudonym (HMAC-SHA256 under a key derived from the deployment's secret, stable within a deployment
 * so operators can follow one person's events, meaningless without the key), and its reason, which
 * may quote anything the partner sent, stays in the dead letter. Without a key, persons are left out.
 * Error messages and stacks are scrubbed of person ids, e-mail addresses and long digit runs
 * (phone and identity numbers), which a thrown error may quote.
 */
import { createHmac } from 'node:crypto';
import { type Logger, stdSerializers } from 'pino';

/** A person's stand-in in logs, e.g. `person~3f9a1c0be27d`; one function per deployment key. */
export type Pseudonym = (personId: string) => string;

/** The pseudonym function of a deployment's secret; the key is derived so it serves only logs. */
export function logPseudonym(secret: string): Pseudonym {
  const key = createHmac('sha256', secret).update('gba connector log pseudonyms v1').digest();
  return (personId) => `person~${createHmac('sha256', key).update(personId).digest('hex').slice(0, 12)}`;
}

const PERSON_ID = /\bp-\d+\b/g;
const EMAIL = /[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+/g;
// Seven or more digits, with the separators phone and identity numbers are written with; not a part
// of a longer token (a UUID's groups) and not a date.
const LONG_NUMBER = /(?<![\w-])\+?\d[\d\s().*-]{5,}\d(?![\w-])/g;
const DATE = /^\d{4}-\d{2}-\d{2}/;
// Hong Kong identity card numbers (A123456(7)), which start with letters.
const HKID = /\b[A-Z]{1,2}\d{6}\s*\(?[\dA]\)?/g;
// Mainland identity numbers whose check character is X (LONG_NUMBER stops short of a letter), masked or not.
const MAINLAND_ID_X = /(?<![\w-])\d[\d*]{16}[Xx](?![\w-])/g;
// Macao identity card numbers as printed, 1/234567/8: no run of seven digits.
const MACAO_ID = /(?<![\w/-])\d\/\d{6}\/\d(?![\w/-])/g;

/** `text` without person ids (their pseudonyms instead, or `person~?`), e-mail addresses or long numbers. */
export function scrub(text: string, pseudonym: Pseudonym | undefined): string {
  return text
    .replace(EMAIL, '[e-mail]')
    .replace(HKID, '[number]')
    .replace(MAINLAND_ID_X, '[number]')
    .replace(MACAO_ID, '[number]')
    .replace(PERSON_ID, (id) => (pseudonym ? pseudonym(id) : 'person~?'))
    .replace(LONG_NUMBER, (n) => (n.replace(/\D/g, '').length >= 7 && !DATE.test(n) ? '[number]' : n));
}

/**
 * The connectors' logger: `person` fields become pseudonyms (or are left out without a key), and
 * `eventId` fields lose person ids, and `err` fields (type, message and stack only) any personal data.
 */
export function connectorLog(log: Logger, secret: string | undefined): Logger {
  const pseudonym = secret ? logPseudonym(secret) : undefined;
  return log.child(
    { component: 'connectors' },
    {
      serializers: {
        person: (id: unknown) => (typeof id === 'string' && pseudonym ? pseudonym(id) : undefined),
        // The partner's own identifier, the operators' key to the dead letter: only person ids go.
        eventId: (id: unknown) =>
          typeof id === 'string' ? id.replace(PERSON_ID, pseudonym ?? (() => 'person~?')) : id,
        // Only type, message and stack: an error's other properties (and its cause) may hold anything.
        err: (error: Error) => {
          const { type, message, stack } = stdSerializers.err(error);
          return { type, message: scrub(message, pseudonym), stack: scrub(stack, pseudonym) };
        },
      },
    },
  );
}
