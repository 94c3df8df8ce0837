/**
 * The partner systems and the event types each may send: one entry per system, its dialect's
 * contracts and mappings in ./hk and ./mainland. A type outside a system's prefixes is refused.
 */
import type { z } from 'zod';
import type { JurisdictionId, Side } from '../../schema/domain/index.js';
import { fastParser } from '../../schema/fast-parse.js';
import { TOPICS } from '../transport/event-transport.port.js';
import type { Authority } from './authority.js';
import type { CanonicalEvent } from './canonical-event.js';
import { HK_CONSENT_FIELDS, HK_CONTRACTS, HK_HAPPENED_AT } from './hk/contracts.js';
import { HK_MAPPINGS } from './hk/mapping.js';
import { CN_CONSENT_FIELDS, CN_CONTRACTS, CN_HAPPENED_AT } from './mainland/contracts.js';
import { CN_MAPPINGS } from './mainland/mapping.js';

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
  /** What the system may create or change, and for whom (./authority.ts; the pipeline's authorise step). */
  readonly authority: readonly Authority[];
}

/**
 * The default of a government system: the services, practices and announcements of its own agency,
 * and the cases of its agency's services (it handles them, so it moves and decides them).
 */
const OFFICIAL: readonly Authority[] = [
  { record: 'case', owner: 'own-agency' },
  { record: 'service', owner: 'own-agency' },
  { record: 'practice', owner: 'own-agency' },
  { record: 'announcement', owner: 'own-agency' },
];
/**
 * A portal of a government (a city's or the province's app): the cases its jurisdiction handles, exactly
 * (the province's portals do not decide the cases of Shenzhen or Guangzhou). Of a case it originated for
 * another jurisdiction it forwards the application's progress (with the personal data the handling side
 * needs) and the applicant's withdrawal, never a decision: the handling side decides. Services, practices
 * and announcements only of its own agency, and of each other agency `also` names (an explicit grant,
 * shown by `gba partners` and the AsyncAPI document): a portal is not its jurisdiction's agencies.
 * Found by a tester (probe 6): Yueshengshi set Guangzhou's Suihaoban service to a phishing URL and the
 * Digital Policy Office rewrote a Transport Department service.
 */
const portal = (also: { practice?: readonly string[]; service?: readonly string[] } = {}): readonly Authority[] => [
  { record: 'case', owner: 'own-jurisdiction' },
  { record: 'case', owner: 'originated', moves: ['progress', 'withdrawal'] },
  { record: 'service', owner: 'own-agency', ...(also.service ? { agencies: also.service } : {}) },
  { record: 'practice', owner: 'own-agency', ...(also.practice ? { agencies: also.practice } : {}) },
  { record: 'announcement', owner: 'own-agency' },
];
/**
 * A consent manager: consents whose data is held on its side (the controller's), for the subject they
 * name; of those, it changes or ends only the ones it granted (`grantedBy`, services/consent/lifecycle.ts).
 */
const CONSENT_MANAGER: readonly Authority[] = [{ record: 'consent', owner: 'own-side' }];

export const PARTNERS: readonly PartnerSystem[] = [
  {
    source: 'urn:gba:hk:td',
    name: 'Transport Department licensing',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-td',
    clientId: 'hk-td',
    typePrefixes: ['hk.td.', 'hk.gov.'],
    authority: OFFICIAL,
  },
  {
    source: 'urn:gba:hk:dpo',
    name: 'Digital Policy Office',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-dpo',
    clientId: null,
    typePrefixes: ['hk.gov.', 'hk.cbps.'],
    // It publishes the Government's good practices of 1823 and of the Transport Department's licence in iAM Smart.
    authority: portal({ practice: ['hk-efficiency-office', 'hk-td'] }),
  },
  {
    source: 'urn:gba:hk:dpo:iamsmart',
    name: 'iAM Smart',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-dpo',
    clientId: 'hk-iamsmart',
    typePrefixes: ['hk.iamsmart.'],
    authority: CONSENT_MANAGER,
  },
  {
    source: 'urn:gba:hk:1823',
    name: '1823 / GovHK enquiries',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-efficiency-office',
    clientId: 'hk-1823',
    typePrefixes: ['hk.1823.', 'hk.gov.'],
    // An enquiry hotline answers questions: it changes no case, whoever's.
    authority: [...OFFICIAL.filter((a) => a.record !== 'case'), { record: 'enquiry', owner: 'own-side' }],
  },
  {
    source: 'urn:gba:hk:itib',
    name: 'Innovation, Technology and Industry Bureau',
    side: 'hk',
    jurisdiction: 'HK',
    agency: 'hk-itib',
    clientId: null,
    typePrefixes: ['hk.gov.'],
    authority: OFFICIAL,
  },
  {
    source: 'urn:gba:sz:ishenzhen',
    name: 'iShenzhen',
    side: 'mainland',
    jurisdiction: 'SZ',
    agency: 'sz-gov-data-bureau',
    clientId: 'sz-ishenzhen',
    typePrefixes: ['cn.gd.', 'cn.sz.'],
    // It carries Futian's AI services (a district bureau's) in the app.
    authority: [
      ...portal({ service: ['sz-futian-data-bureau'], practice: ['sz-futian-data-bureau'] }),
      ...CONSENT_MANAGER,
    ],
  },
  {
    source: 'urn:gba:gd:yueshengshi',
    name: 'Yueshengshi',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-gov-data-bureau',
    clientId: 'gd-yueshengshi',
    typePrefixes: ['cn.gd.'],
    authority: [...portal(), ...CONSENT_MANAGER],
  },
  {
    source: 'urn:gba:gz:suihaoban',
    name: 'Suihaoban',
    side: 'mainland',
    jurisdiction: 'GZ',
    agency: 'gz-gov-data-bureau',
    clientId: 'gz-suihaoban',
    typePrefixes: ['cn.gd.', 'cn.gz.'],
    // It publishes the practice of Nansha's government service centre (a district's).
    authority: portal({ practice: ['gz-nansha-gov-service-center'] }),
  },
  {
    source: 'urn:gba:gd:zwfw',
    name: 'Guangdong government services network',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-gov-data-bureau',
    clientId: null,
    typePrefixes: ['cn.gd.'],
    authority: portal(),
  },
  {
    source: 'urn:gba:gd:yuexinrong',
    name: 'Yuexinrong',
    side: 'mainland',
    jurisdiction: 'GD',
    agency: 'gd-pboc',
    clientId: null,
    typePrefixes: ['cn.gd.'],
    authority: OFFICIAL,
  },
];

export const partnerBySource = new Map(PARTNERS.map((p) => [p.source, p]));

export interface Dialect {
  readonly side: Side;
  readonly contract: z.ZodType;
  /** `contract.safeParse`, the valid case checked first by a check compiled from it (schema/fast-parse.ts). */
  readonly parse: (data: unknown) => z.ZodSafeParseResult<unknown>;
  readonly map: (data: never) => CanonicalEvent;
  /** The payload's times that say when something happened: never ahead of the platform's clock (validate.ts). */
  readonly happenedAt: readonly string[];
  /** A consent type's payload field for each field the consent lifecycle names in a refusal. */
  readonly consentFields: Readonly<Record<string, string>>;
}

/** One dialect's types: each contract with its mapping and the times it says something happened at. */
const dialect = (
  side: Side,
  contracts: Readonly<Record<string, z.ZodType>>,
  maps: Readonly<Record<string, unknown>>,
  happenedAt: Readonly<Record<string, readonly string[]>>,
  consentFields: Readonly<Record<string, Readonly<Record<string, string>> | undefined>>,
): [string, Dialect][] =>
  Object.entries(contracts).map(([type, contract]) => [
    type,
    {
      side,
      contract,
      parse: fastParser(contract),
      map: maps[type] as Dialect['map'],
      happenedAt: happenedAt[type] ?? [],
      consentFields: consentFields[type] ?? {},
    },
  ]);

/** Every event type in the catalogue, version 1, with its contract and mapping. */
export const EVENT_TYPES: ReadonlyMap<string, Dialect> = new Map<string, Dialect>([
  ...dialect('hk', HK_CONTRACTS, HK_MAPPINGS, HK_HAPPENED_AT, HK_CONSENT_FIELDS),
  ...dialect('mainland', CN_CONTRACTS, CN_MAPPINGS, CN_HAPPENED_AT, CN_CONSENT_FIELDS),
]);

// The sides are the domain's: services (the cooperation feed) need them without the connectors.
export { SIDE_OF, type Side } from '../../schema/domain/index.js';

/** Where each side's partner systems publish, and where the platform publishes for them. */
export const INBOUND_TOPIC: Readonly<Record<Side, string>> = { hk: TOPICS.inboundHk, mainland: TOPICS.inboundMainland };
export const OUTBOUND_TOPIC: Readonly<Record<Side, string>> = {
  hk: TOPICS.outboundHk,
  mainland: TOPICS.outboundMainland,
};
export const ACROSS: Readonly<Record<Side, Side>> = { hk: 'mainland', mainland: 'hk' };
