/**
 * Connector logs leave the consent boundary (they go to whoever runs the log shipping), so a log line
 * names no resident: a rejection is logged by its code, stage and position, its person by a keyed
 * pseudonym (HMAC-SHA256 under a key derived from the deployment's secret, stable within a deployment
 * so operators can follow one person's events, meaningless without the key), and its reason, which
 * may quote anything the partner sent, stays in the dead letter. Without a key, persons are left out.
 * Error messages and stacks are scrubbed of person ids, e-mail addresses and long digit runs
 * (phone and identity numbers), which a thrown error may quote.
 */
import { type Logger, stdSerializers } from 'pino';
import {
  logPseudonym,
  type Pseudonym,
  personSerializer,
  replacePersonal,
} from '../../services/shared/personal-text.js';

export { logPseudonym, type Pseudonym };

/** `text` without person ids (their pseudonyms instead, or `person~?`), e-mail addresses or long numbers. */
export function scrub(text: string, pseudonym: Pseudonym | undefined): string {
  return replacePersonal(text, {
    person: (id) => (pseudonym ? pseudonym(id) : 'person~?'),
    email: () => '[e-mail]',
    number: () => '[number]',
  });
}

/**
 * The connectors' logger: `person` fields become pseudonyms (or are left out without a key), and
 * `eventId` fields any personal data (as `scrub`), and `err` fields (type, message and stack only) any personal data.
 */
export function connectorLog(log: Logger, secret: string | undefined): Logger {
  const pseudonym = secret ? logPseudonym(secret) : undefined;
  return log.child(
    { component: 'connectors' },
    {
      serializers: {
        person: personSerializer(secret),
        // The partner's own identifier, which a partner may build from a resident's identity number
        // (found by a tester: A123456(7) and 44030019900101123X were logged verbatim): scrubbed as any
        // text is. Operators find the letter by its offset, logged beside it.
        eventId: (id: unknown) => (typeof id === 'string' ? scrub(id, pseudonym) : id),
        // Only type, message and stack: an error's other properties (and its cause) may hold anything.
        err: (error: Error) => {
          const { type, message, stack } = stdSerializers.err(error);
          return { type, message: scrub(message, pseudonym), stack: scrub(stack, pseudonym) };
        },
      },
    },
  );
}
