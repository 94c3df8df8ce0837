/**
 * The authority of every partner system, record kind and owner: what the catalogue grants
 * (connectors/partners/catalogue.ts), as the authorise step applies it. The expected table is
 * written out here, not derived from the catalogue, so a change to either shows.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../connectors/partners/canonical-event.js';
import { INBOUND_TOPIC, PARTNERS, type PartnerSystem } from '../../connectors/partners/catalogue.js';
import { authorise, type Lookup } from '../../connectors/pipeline/authorise.js';
import type { ValidEvent } from '../../connectors/pipeline/validate.js';
import type { JurisdictionId } from '../../schema/domain/index.js';

type Owner =
  | 'own'
  | 'same-jurisdiction'
  | 'other-city'
  | 'other-side'
  | 'handled-own'
  | 'handled'
  | 'originated'
  | 'originated-progress'
  | 'originated-withdrawal'
  | 'neither';

/**
 * What each system may change: `kind:owner` pairs; every other pair is refused. Cases (a decision
 * unless the owner says withdrawal): `handled-own` is a case of the system's agency's service handled
 * in its jurisdiction, `handled` one of another agency's service handled there, `originated` one its
 * jurisdiction sent to the other side (`-progress`, `-withdrawal`: that move), `other-city` one handled in another city, `neither` one of
 * neither. Only the handling side decides; the origin side's portal forwards progress and withdrawal;
 * 1823 moves none. A jurisdiction is exact: Guangdong's systems handle no case of Shenzhen or Guangzhou.
 * Services, practices and announcements: the system's own agency's only (`same-jurisdiction` is another
 * agency of its jurisdiction); the agencies a grant names besides are in the rows below.
 */
const ALLOWED: Record<string, string> = {
  'urn:gba:hk:td': 'case:handled-own service:own practice:own announcement:own',
  'urn:gba:hk:dpo':
    'case:handled-own case:handled case:originated-progress case:originated-withdrawal service:own practice:own announcement:own',
  'urn:gba:hk:dpo:iamsmart': 'consent:own',
  'urn:gba:hk:1823': 'service:own practice:own announcement:own enquiry:own',
  'urn:gba:hk:itib': 'case:handled-own service:own practice:own announcement:own',
  'urn:gba:sz:ishenzhen':
    'case:handled-own case:handled case:originated-progress case:originated-withdrawal service:own practice:own announcement:own consent:own',
  'urn:gba:gd:yueshengshi':
    'case:handled-own case:handled case:originated-progress case:originated-withdrawal service:own practice:own announcement:own consent:own',
  'urn:gba:gz:suihaoban':
    'case:handled-own case:handled case:originated-progress case:originated-withdrawal service:own practice:own announcement:own',
  'urn:gba:gd:zwfw':
    'case:handled-own case:handled case:originated-progress case:originated-withdrawal service:own practice:own announcement:own',
  'urn:gba:gd:yuexinrong': 'case:handled-own service:own practice:own announcement:own',
};

const OTHER_CITY: Record<JurisdictionId, JurisdictionId | null> = { HK: null, SZ: 'GZ', GZ: 'SZ', GD: 'SZ', MO: null };
const jurisdictionOf = (p: PartnerSystem, owner: Owner): JurisdictionId =>
  owner === 'other-side' || owner === 'neither'
    ? p.side === 'hk'
      ? 'GD'
      : 'HK'
    : owner === 'other-city'
      ? (OTHER_CITY[p.jurisdiction] as JurisdictionId)
      : p.jurisdiction;

/** One record of `kind` owned as `owner` says, the change to it, and the graph the step sees. */
function scene(p: PartnerSystem, kind: string, owner: Owner) {
  const j = jurisdictionOf(p, owner);
  const away: JurisdictionId = p.side === 'hk' ? 'GD' : 'HK';
  const records = new Map<string, unknown>();
  let change: Change | null = null;
  let caseStatus = null;
  if (kind === 'case') {
    const origin = owner.startsWith('originated') ? j : owner === 'neither' ? 'MO' : away;
    const handling = owner.startsWith('originated') ? away : j;
    records.set('Service:svc-x', { id: 'svc-x', agency: owner === 'handled-own' ? p.agency : 'someone-else' });
    records.set('Case:case-x', {
      id: 'case-x',
      originJurisdiction: origin,
      handlingJurisdiction: handling,
      service: 'svc-x',
      person: 'p-x',
    });
    change = { label: 'Case', id: 'case-x', set: { status: 'closed' } };
    const move = owner.startsWith('originated-') ? owner.slice('originated-'.length) : 'decision';
    caseStatus = { caseId: 'case-x', serviceId: 'svc-x', applicant: 'p-x', move };
  } else if (kind === 'consent') {
    records.set('Agency:ctrl', { id: 'ctrl', jurisdiction: owner === 'own' ? p.jurisdiction : away });
    change = { label: 'Consent', id: 'con-x', set: { controller: 'ctrl' }, create: { controller: 'ctrl' } };
  } else if (kind !== 'enquiry') {
    const label = ({ service: 'Service', practice: 'Practice', announcement: 'Announcement' } as const)[
      kind as 'service'
    ];
    const agency = owner === 'own' ? p.agency : 'someone-else';
    records.set(`${label}:rec-x`, { id: 'rec-x', agency, jurisdiction: j });
    change = { label, id: 'rec-x', set: { title: { en: 'x' } } };
  }
  const get = ((label: string, id: string) => records.get(`${label}:${id}`) ?? null) as Lookup;
  const event = {
    partner: p,
    type: kind === 'enquiry' ? 'hk.1823.enquiry.received' : 'x.y',
    canonical: { changes: change ? [change] : [], references: [], personalData: null, caseStatus },
  } as unknown as ValidEvent;
  return { event, get };
}

const OWNERS: Record<string, Owner[]> = {
  case: [
    'handled-own',
    'handled',
    'originated',
    'originated-progress',
    'originated-withdrawal',
    'other-city',
    'neither',
  ],
  service: ['own', 'same-jurisdiction', 'other-city', 'other-side'],
  practice: ['own', 'same-jurisdiction', 'other-city', 'other-side'],
  announcement: ['own', 'same-jurisdiction', 'other-city', 'other-side'],
  consent: ['own', 'other-side'],
  enquiry: ['own'],
};

const rows = PARTNERS.flatMap((p) =>
  Object.entries(OWNERS).flatMap(([kind, owners]) =>
    owners
      .filter((o) => o !== 'other-city' || OTHER_CITY[p.jurisdiction] !== null)
      .map((owner) => {
        const allowed = (ALLOWED[p.source] ?? '').split(' ').includes(`${kind}:${owner}`);
        return [p.source, kind, owner, allowed ? 'allowed' : 'NOT_AUTHORISED_FOR_RECORD'] as const;
      }),
  ),
);

/** `source` changing the url of a `label` record held by `holder`, the event naming `named` as its owner (or no one). */
function changeOf(source: string, label: string, holder: string, named: string | null): string {
  const p = PARTNERS.find((x) => x.source === source) as PartnerSystem;
  const records = new Map([[`${label}:rec-x`, { id: 'rec-x', agency: holder, jurisdiction: p.jurisdiction }]]);
  const get = ((l: string, id: string) => records.get(`${l}:${id}`) ?? null) as Lookup;
  const event = {
    partner: p,
    type: 'x.y',
    canonical: {
      changes: [{ label, id: 'rec-x', set: { url: 'https://evil.example/phish' } }],
      references: named ? [{ label: 'Agency', id: named, field: 'data.agencyId' }] : [],
      personalData: null,
      caseStatus: null,
    },
  } as unknown as ValidEvent;
  return authorise({ event, topic: INBOUND_TOPIC[p.side], get })?.code ?? 'allowed';
}

describe('partner authority', () => {
  it.each(rows)('%s changing a %s record (%s): %s', (source, kind, owner, expected) => {
    const p = PARTNERS.find((x) => x.source === source) as PartnerSystem;
    const { event, get } = scene(p, kind, owner);
    expect(authorise({ event, topic: INBOUND_TOPIC[p.side], get })?.code ?? 'allowed').toBe(expected);
  });

  it.each(PARTNERS.map((p) => [p.source, p]))('%s speaks only on its own side’s topic', (_s, p) => {
    const { event, get } = scene(p, 'case', 'handled-own');
    const other = INBOUND_TOPIC[p.side === 'hk' ? 'mainland' : 'hk'];
    expect(authorise({ event, topic: other, get })?.code).toBe('WRONG_TOPIC_FOR_SOURCE');
  });

  // A case status must describe the case it names: its service, its applicant, the person whose
  // data it carries. Sent by a system with authority over the case (TD handles it).
  it.each([
    [
      'a service that is not the case’s',
      { caseStatus: { caseId: 'case-x', serviceId: 'svc-y', applicant: 'p-x', move: 'decision' } },
      'SERVICE_MISMATCH service svc-y is not the service of case case-x (svc-x)',
    ],
    [
      'an applicant who is not the case’s',
      { caseStatus: { caseId: 'case-x', serviceId: 'svc-x', applicant: 'p-y', move: 'decision' } },
      "SUBJECT_MISMATCH case case-x is p-x's; the event names p-y as applicant",
    ],
    [
      'personal data of a person who is not the case’s',
      { personalData: { subject: 'p-y' } },
      "SUBJECT_MISMATCH case case-x is p-x's; the event names personal data of p-y",
    ],
    ['its own service, applicant and person', { personalData: { subject: 'p-x' } }, 'allowed'],
  ])('answers a case status naming %s', (_title, canonical, expected) => {
    const p = PARTNERS.find((x) => x.source === 'urn:gba:hk:td') as PartnerSystem;
    const { event, get } = scene(p, 'case', 'handled-own');
    const named = { ...event, canonical: { ...event.canonical, ...canonical } } as ValidEvent;
    const refused = authorise({ event: named, topic: INBOUND_TOPIC.hk, get });
    expect(refused ? `${refused.code} ${refused.message}` : 'allowed').toBe(expected);
  });

  // The owner an event names (a service update's agencyId) is the record's, whatever the sender
  // may change: DPO may change its agency's services, but may not name another owner for one, nor
  // change the Transport Department's (probe 6).
  it.each([
    ['urn:gba:hk:dpo', 'hk-dpo', 'hk-dpo', 'allowed'],
    ['urn:gba:hk:dpo', 'hk-td', 'hk-td', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:hk:dpo', 'hk-dpo', 'hk-td', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:hk:dpo', 'hk-td', 'hk-dpo', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:hk:td', 'hk-td', 'hk-dpo', 'NOT_AUTHORISED_FOR_RECORD'],
  ])('%s updating a service of %s that names %s as its owner: %s', (source, holder, named, expected) => {
    expect(changeOf(source, 'Service', holder, named)).toBe(expected);
  });

  // The agencies a grant names besides the system's own (connectors/partners/catalogue.ts), each as the
  // catalogue states it: a portal publishing a district bureau's practice, iShenzhen carrying Futian's services.
  it.each([
    ['urn:gba:hk:dpo', 'Practice', 'hk-td', 'allowed'],
    ['urn:gba:hk:dpo', 'Practice', 'hk-efficiency-office', 'allowed'],
    ['urn:gba:hk:dpo', 'Service', 'hk-td', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:hk:dpo', 'Announcement', 'hk-td', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:sz:ishenzhen', 'Service', 'sz-futian-data-bureau', 'allowed'],
    ['urn:gba:sz:ishenzhen', 'Practice', 'sz-futian-data-bureau', 'allowed'],
    ['urn:gba:sz:ishenzhen', 'Service', 'sz-longgang-data-bureau', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:sz:ishenzhen', 'Announcement', 'sz-futian-data-bureau', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:gz:suihaoban', 'Practice', 'gz-nansha-gov-service-center', 'allowed'],
    ['urn:gba:gz:suihaoban', 'Service', 'gz-nansha-gov-service-center', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:gd:yueshengshi', 'Service', 'gz-gov-data-bureau', 'NOT_AUTHORISED_FOR_RECORD'],
    ['urn:gba:gd:zwfw', 'Practice', 'sz-gov-data-bureau', 'NOT_AUTHORISED_FOR_RECORD'],
  ])('%s changing a %s of %s: %s', (source, label, agency, expected) => {
    expect(changeOf(source, label, agency, null)).toBe(expected);
  });
});
