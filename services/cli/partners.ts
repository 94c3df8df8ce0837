/**
 * `gba partners [--json]`: the partner systems and, for each, the event types and versions it may
 * send (what X-Road offers as listMethods), then the events the platform sends to each side, and the
 * ids of the keys its events must be signed with (never a secret). Read from the connectors'
 * catalogue and the configured keyring, the same ones the pipeline enforces.
 */
import { CONTRACT_VERSION, sendersOf } from '../../connectors/asyncapi.js';
import { type Authority, describeAuthority } from '../../connectors/partners/authority.js';
import {
  EVENT_TYPES,
  INBOUND_TOPIC,
  OUTBOUND_TOPIC,
  PARTNERS,
  type Side,
} from '../../connectors/partners/catalogue.js';
import type { PartnerKeyring } from '../../connectors/partners/partner-keys.js';
import { PRACTICE_TYPES } from '../../connectors/pipeline/outbound.js';
import { PLATFORM_CONTRACTS } from '../../connectors/pipeline/outbound-contracts.js';
import { existingPartnerKeys } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { oneLine } from './terminal-safe.js';

export interface PartnerListing {
  readonly source: string;
  readonly name: string;
  readonly side: Side;
  readonly jurisdiction: string;
  readonly agency: string;
  readonly clientId: string | null;
  readonly topic: string;
  /** What it may create or change, and for whom (connectors/partners/authority.ts). */
  readonly authority: readonly Authority[];
  readonly sends: readonly { readonly type: string; readonly version: number }[];
  readonly receives: readonly { readonly type: string; readonly version: number }[];
  /** The keys its events are signed with (ids only), each with when it was retired; null: no keyring yet. */
  readonly keys: readonly { readonly id: string; readonly retiredAt: string | null }[] | null;
}

export function partnerListing(keyring: PartnerKeyring | null = null): PartnerListing[] {
  const received = (side: Side) =>
    [...Object.keys(PLATFORM_CONTRACTS), PRACTICE_TYPES[side]]
      .sort()
      .map((type) => ({ type, version: CONTRACT_VERSION }));
  return PARTNERS.map((p) => ({
    source: p.source,
    name: p.name,
    side: p.side,
    jurisdiction: p.jurisdiction,
    agency: p.agency,
    clientId: p.clientId,
    topic: INBOUND_TOPIC[p.side],
    authority: p.authority,
    sends: [...EVENT_TYPES.keys()]
      .filter((type) => sendersOf(type).includes(p.source))
      .sort()
      .map((type) => ({ type, version: CONTRACT_VERSION })),
    receives: received(p.side),
    keys: keyring ? keyring.of(p.source).map(({ id, retiredAt }) => ({ id, retiredAt })) : null,
  }));
}

export async function runPartners(args: readonly string[], io: CommandIo): Promise<number> {
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    io.err('usage: gba partners [--json]');
    return 64;
  }
  const config = configOrExit(io);
  if (!config) return 78;
  let keyring: PartnerKeyring | null;
  try {
    keyring = existingPartnerKeys(config);
  } catch (error) {
    io.err(oneLine(`gba partners: cannot read the partner keys: ${(error as Error).message}`));
    return 66;
  }
  const listing = partnerListing(keyring);
  if (args.includes('--json')) {
    io.out(JSON.stringify(listing, null, 2));
    return 0;
  }
  for (const p of listing) {
    io.out(`${p.name} (${p.source})`);
    io.out(
      `  ${p.jurisdiction}, agency ${p.agency}, client ${p.clientId ?? '(none: sends through the connectors only)'}`,
    );
    io.out(`  may change: ${describeAuthority(p.authority)}`);
    io.out(oneLine(`  signs with: ${keysLine(p.keys)}`));
    io.out(`  sends to ${p.topic}:`);
    for (const s of p.sends) io.out(`    ${s.type}  v${s.version}`);
    io.out(`  receives on ${OUTBOUND_TOPIC[p.side]}:`);
    for (const r of p.receives) io.out(`    ${r.type}  v${r.version}`);
  }
  io.out(`${listing.length} partner systems; the full contracts are in schema/asyncapi.json (AsyncAPI 3).`);
  io.out(
    keyring
      ? oneLine(`Each event is signed with a key of its system (header gba_sig); keys in ${keyring.where}.`)
      : 'Each event is signed with a key of its system (header gba_sig); no keyring yet: gba start makes the dev one.',
  );
  return 0;
}

function keysLine(keys: PartnerListing['keys']): string {
  if (keys === null) return '(no keyring yet)';
  if (keys.length === 0) return '(no key: every event it sends is refused)';
  return keys.map((k) => (k.retiredAt ? `${k.id} (retired ${k.retiredAt})` : k.id)).join(', ');
}
