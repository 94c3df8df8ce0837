/**
 * The door's first judgement of a partner event: is it from the system its `source` names? Each
 * event is signed with a key of that system (connectors/partners/event-signature.ts); the topic
 * only says which side spoke. Asked before dedupe, like the topic (pipeline.ts `knownAs`): an
 * event that fails is known by its bytes, so it neither burns the (source, id) it claims nor
 * supersedes that system's letters, and a replay checks it again.
 * - SOURCE_NOT_AUTHENTICATED: unsigned, or signed with a key that is not the source's (another
 *   system's, or none the keyring holds): 1823 signing as itself while naming iAM Smart's source.
 * - BAD_SIGNATURE: the header is not `<key id>:<MAC>`, or the MAC does not match the bytes under
 *   the key it names (changed after signing, or signed with another secret), retired or not: checked
 *   before the key's retirement, so a letter refused so stays BAD_SIGNATURE after its key is retired
 *   (found by a tester, probe 10: its replay was relabelled KEY_RETIRED, as if signing anew would do).
 * - KEY_RETIRED: signed, and the bytes match, with a key of the source that was retired; it signs
 *   nothing more.
 */
import { timingSafeEqual } from 'node:crypto';
import type { PartnerSystem } from '../partners/catalogue.js';
import { macOf, SIGNATURE_HEADER } from '../partners/event-signature.js';
import { KEY_ID, type PartnerKeyring } from '../partners/partner-keys.js';
import type { DeliveredMessage } from '../transport/event-transport.port.js';
import type { Rejection } from './rejection.js';

const refuse = (code: string, message: string): Rejection => ({ code, message, stage: 'authenticate' });

const keysOf = (keys: PartnerKeyring, source: string) => {
  const active = keys.of(source).filter((k) => k.retiredAt === null);
  return active.length > 0 ? `its keys: ${active.map((k) => k.id).join(', ')}` : `the keyring holds no key of it`;
};

/** The refusal of an event that is not shown to come from `partner`, else null. */
export function authenticate(
  message: Pick<DeliveredMessage, 'headers' | 'value'>,
  partner: PartnerSystem,
  keys: PartnerKeyring,
): Rejection | null {
  const { source } = partner;
  const header = message.headers[SIGNATURE_HEADER];
  if (header === undefined)
    return refuse(
      'SOURCE_NOT_AUTHENTICATED',
      `the event names ${source} but is not signed (no ${SIGNATURE_HEADER} header; ${keysOf(keys, source)})`,
    );
  const colon = header.lastIndexOf(':');
  const id = header.slice(0, Math.max(colon, 0));
  if (!KEY_ID.test(id))
    return refuse(
      'BAD_SIGNATURE',
      `header ${SIGNATURE_HEADER} is not <key id>:<signature> with a key id of letters, digits, '.', '_', '-'`,
    );
  const key = keys.key(id);
  if (!key || key.source !== source)
    return refuse(
      'SOURCE_NOT_AUTHENTICATED',
      key
        ? `the event names ${source} but is signed with key ${id} of ${key.source}: a system speaks only as itself`
        : `the event names ${source} but is signed with key ${id}, which is no key of it (${keysOf(keys, source)})`,
    );
  const given = Buffer.from(header.slice(colon + 1), 'base64url');
  const expected = macOf(message, key.secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return refuse(
      'BAD_SIGNATURE',
      `the signature by key ${id} of ${source} does not match the event's bytes (changed after signing, or signed with another secret)`,
    );
  if (key.retiredAt !== null)
    return refuse(
      'KEY_RETIRED',
      `key ${id} of ${source} was retired at ${key.retiredAt} and signs nothing more (${keysOf(keys, source)})`,
    );
  return null;
}
