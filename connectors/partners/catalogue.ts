/**
 * The partner systems and the event types each may send: one entry per system, its dialect's
 * contracts and mappings in ./hk and ./mainland. A type outside a system's prefixes is refused.
 */
import type { z } from 'zod';
import type { JurisdictionId } from '../../schema/domain/index.js';
import { TOPICS } from '../transport/event-transport.port.js';
import type { CanonicalEvent } from './canonical-event.js';
import { HK_CONTRACTS } from './hk/contracts.js';
import { HK_MAPPINGS } from './hk/mapping.js';
import { CN_CONTRACTS } from './mainland/contracts.js';
import { CN_MAPPINGS } from './mainland/mapping.js';

export type Side = 'hk' | 'mainland';

export interface PartnerSystem {
  /** The CloudEvents `source`. */
  readonly source: string;
  readonly name: string;
  readonly side: Side;
  readonly jurisdiction: JurisdictionId;
  readonly agency: string;
  /** The OAuth client of the system (services/identity/identities.ts), where it has one. */
  readonly clientId: string | null;
  readonly typePrefixes: readonly string[];
}

export const PARTNERS: readonly PartnerSystem[] = [
  {
    source: 'urn:gba:hk:td',
    name: 'Transport Department licensing',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-td',
    clientId: 'hk-td',
    typePrefixes: ['hk.td.', 'hk.gov.'],
  },
  {
    source: 'urn:gba:hk:dpo',
    name: 'Digital Policy Office',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-dpo',
    clientId: null,
    typePrefixes: ['hk.gov.', 'hk.cbps.'],
  },
  {
    source: 'urn:gba:hk:dpo:iamsmart',
    name: 'iAM Smart',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-dpo',
    clientId: 'hk-iamsmart',
    typePrefixes: ['hk.iamsmart.'],
  },
  {
    source: 'urn:gba:hk:1823',
    name: '1823 / GovHK enquiries',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-efficiency-office',
    clientId: 'hk-1823',
    typePrefixes: ['hk.1823.', 'hk.gov.'],
  },
  {
    source: 'urn:gba:hk:itib',
    name: 'Innovation, Technology and Industry Bureau',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-itib',
    clientId: null,
    typePrefixes: ['hk.gov.'],
  },
  {
    source: 'urn:gba:sz:ishenzhen',
    name: 'iShenzhen',
    side: 'mainland',
    jurisdiction: 'SZ',
    agency: 'sz-gov-data-bureau',
    clientId: 'sz-ishenzhen',
    typePrefixes: ['cn.gd.', 'cn.sz.'],
  },
  {
    source: 'urn:gba:gd:yueshengshi',
    name: 'Yueshengshi',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-gov-data-bureau',
    clientId: 'gd-yueshengshi',
    typePrefixes: ['cn.gd.'],
  },
  {
    source: 'urn:gba:gz:suihaoban',
    name: 'Suihaoban',
    side: 'mainland',
    jurisdiction: 'GZ',
    agency: 'gz-gov-data-bureau',
    clientId: 'gz-suihaoban',
    typePrefixes: ['cn.gd.', 'cn.gz.'],
  },
  {
    source: 'urn:gba:gd:zwfw',
    name: 'Guangdong government services network',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-gov-data-bureau',
    clientId: null,
    typePrefixes: ['cn.gd.'],
  },
  {
    source: 'urn:gba:gd:yuexinrong',
    name: 'Yuexinrong',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-pboc',
    clientId: null,
    typePrefixes: ['cn.gd.'],
  },
];

export const partnerBySource = new Map(PARTNERS.map((p) => [p.source, p]));

export interface Dialect {
  readonly side: Side;
  readonly contract: z.ZodType;
  readonly map: (data: never) => CanonicalEvent;
}

/** Every event type in the catalogue, version 1, with its contract and mapping. */
export const EVENT_TYPES: ReadonlyMap<string, Dialect> = new Map<string, Dialect>([
  ...Object.entries(HK_CONTRACTS).map(
    ([type, contract]) =>
      [type, { side: 'hk', contract, map: HK_MAPPINGS[type as keyof typeof HK_MAPPINGS] as Dialect['map'] }] as const,
  ),
  ...Object.entries(CN_CONTRACTS).map(
    ([type, contract]) =>
      [
        type,
        { side: 'mainland', contract, map: CN_MAPPINGS[type as keyof typeof CN_MAPPINGS] as Dialect['map'] },
      ] as const,
  ),
]);

export const SIDE_OF: Readonly<Record<JurisdictionId, Side | null>> = {
  HK: 'hk',
  SZ: 'mainland',
  GZ: 'mainland',
  GD: 'mainland',
  MO: null,
};

/** Where each side's partner systems publish, and where the platform publishes for them. */
export const INBOUND_TOPIC: Readonly<Record<Side, string>> = { hk: TOPICS.inboundHk, mainland: TOPICS.inboundMainland };
export const OUTBOUND_TOPIC: Readonly<Record<Side, string>> = {
  hk: TOPICS.outboundHk,
  mainland: TOPICS.outboundMainland,
};
export const ACROSS: Readonly<Record<Side, Side>> = { hk: 'mainland', mainland: 'hk' };
