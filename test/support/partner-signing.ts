/**
 * Partner events signed as their systems sign them (connectors/partners/event-signature.ts), for tests
 * that publish to the inbound topics themselves instead of through `gba ingest --sign`: the dev
 * twin's keys in a data dir (made on first use, as `gba start` makes them), or a keyring of their own.
 */

import { signed } from '../../connectors/partners/event-signature.js';
import { loadOrCreateDevPartnerKeys, type PartnerKeyring } from '../../connectors/partners/partner-keys.js';
import { toBinary } from '../../connectors/pipeline/cloudevents.js';
import type { OutgoingMessage } from '../../connectors/transport/event-transport.port.js';
import { devPartnerKeysFile } from '../../services/platform/adapters.js';

/** The dev twin's partner keys in `dataDir`, the ones the platform on that dir checks against. */
export const devPartnerKeys = (dataDir: string): PartnerKeyring =>
  loadOrCreateDevPartnerKeys(devPartnerKeysFile({ dataDir }));

/** The message signed with the key of the system `source` names, when the keyring has one. */
export function signedAs(keys: PartnerKeyring, source: unknown, message: OutgoingMessage): OutgoingMessage {
  const key = typeof source === 'string' ? keys.signing(source) : undefined;
  return key ? signed(message, key) : message;
}

/** `toBinary`, signed by the system the event's source names: what that partner puts on its topic. */
export const signedBinary =
  (keys: PartnerKeyring) =>
  (event: Record<string, unknown>): OutgoingMessage =>
    signedAs(keys, event.source, toBinary(event));
