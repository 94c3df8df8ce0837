/**
 * Events the platform sends to the other side of the boundary. A case status change reaches the
 * counterpart jurisdiction of the case (its origin or handling side, whichever is across the
 * boundary from the sender); personal fields travel only where the consent rule of DESIGN.md lets
 * that recipient see them, decided when the event is sent, so a revocation applied before stops them.
 */
import type {
  Announcement,
  Case,
  Consent,
  DataCategory,
  JurisdictionId,
  Practice,
  Question,
  Service,
} from '../../schema/domain/index.js';
import { announcementChange, JURISDICTION_IDS } from '../../schema/domain/index.js';
import { type Decision, decide, type JurisdictionOf } from '../../services/consent/decide.js';
import type { OutboxMessage } from '../../services/graph/graph-store.port.js';
import type { Principal } from '../../services/identity/authenticator.port.js';
import type { CaseStatusChange, PersonalData } from '../partners/canonical-event.js';
import { ACROSS, OUTBOUND_TOPIC, SIDE_OF, type Side } from '../partners/catalogue.js';
import { CN_AGENCIES, CN_SERVICES, CN_TAGS, codeFor } from '../partners/mainland/codes.js';
import { toBinary } from './cloudevents.js';

export const PLATFORM_SOURCE = 'urn:gba:platform:connectors';
export const OUTBOUND_TYPE = 'gba.case.status-changed';

export interface OutboundDecision {
  readonly recipient: Principal;
  readonly category: DataCategory;
  readonly decision: Decision;
}

export interface Outbound {
  readonly message: OutboxMessage;
  readonly decisions: readonly OutboundDecision[];
}

export function caseOutbound({
  event,
  change,
  personalData,
  kase,
  service,
  consents,
  now,
  jurisdictionOf,
}: {
  event: { id: string; time: string; side: Side };
  change: CaseStatusChange;
  personalData: PersonalData | null;
  kase: Case;
  service: Service;
  consents: readonly Consent[];
  now: Date;
  /** Whose agency is where (a consent naming no case serves only a controller holding the case's data). */
  jurisdictionOf: JurisdictionOf;
}): Outbound[] {
  const across = [kase.handlingJurisdiction, kase.originJurisdiction].filter(
    (j, i, all) => all.indexOf(j) === i && SIDE_OF[j] !== null && SIDE_OF[j] !== event.side,
  );
  return across.map((jurisdiction: JurisdictionId) => {
    const side = SIDE_OF[jurisdiction] as Side;
    const agency =
      service.jurisdiction === jurisdiction
        ? service.agency
        : personalData && SIDE_OF[kase.originJurisdiction] === side
          ? personalData.controller
          : undefined;
    const recipient: Principal = {
      subject: `partner:${agency ?? jurisdiction}`,
      clientId: 'gba-connectors',
      roles: ['official'],
      jurisdiction,
      ...(agency ? { agency } : {}),
    };
    const decisions: OutboundDecision[] = (personalData?.categories ?? []).map((category) => ({
      recipient,
      category,
      decision: decide({ viewer: recipient, kase, service, category, consents, now, jurisdictionOf }),
    }));
    const allowed = decisions.filter((d) => d.decision.allowed).map((d) => d.category);
    const withheld = decisions.filter((d) => !d.decision.allowed).map((d) => d.category);
    const data = {
      caseId: change.caseId,
      serviceId: change.serviceId,
      status: change.status,
      previousStatus: change.previousStatus,
      changedAt: change.changedAt,
      handlingJurisdiction: kase.handlingJurisdiction,
      originJurisdiction: kase.originJurisdiction,
      recipient: { jurisdiction, agency: agency ?? null },
      personalData:
        personalData && allowed.length > 0
          ? {
              subjectId: personalData.subject,
              categories: allowed,
              ...(allowed.includes('identity')
                ? { idType: personalData.idType, idNumberMasked: personalData.idNumberMasked }
                : {}),
            }
          : null,
      personalDataWithheld: withheld,
    };
    return {
      message: platformEvent({
        topic: OUTBOUND_TOPIC[side],
        id: `${event.id}:${side}`,
        type: OUTBOUND_TYPE,
        subject: change.caseId,
        time: event.time,
        data,
      }),
      decisions,
    };
  });
}

export const ANNOUNCEMENT_TYPE = 'gba.announcement.published';

/** An announcement published on one side, for the partner systems of the other. */
export function announcementOutbound(announcement: Announcement): OutboxMessage | null {
  const side = SIDE_OF[announcement.jurisdiction];
  if (!side) return null;
  // The request mark is the platform's own bookkeeping (idempotent writes), not the partners'; who
  // published is shown to the platform's officials only.
  // Who corrected or withdrew, and the earlier texts' authors, likewise stay on the platform.
  const { request: _r, publishedBy: _p, versions: _v, withdrawnBy: _w, correctedBy: _c, ...data } = announcement;
  const change = announcementChange(announcement);
  return platformEvent({
    topic: OUTBOUND_TOPIC[ACROSS[side]],
    // One event per change, so a correction or withdrawal is not taken for a redelivered publish.
    id:
      change === 'published'
        ? `${announcement.id}:published`
        : `${announcement.id}:${change}:${announcement.version ?? 1}`,
    type: ANNOUNCEMENT_TYPE,
    subject: announcement.id,
    time: announcement.withdrawnAt ?? announcement.correctedAt ?? announcement.publishedAt,
    data: { ...data, change },
  });
}

/** The type the platform sends a shared practice in, per receiving side: each side's own dialect. */
export const PRACTICE_TYPES = { hk: 'hk.gov.practice.shared', mainland: 'cn.gd.practice.shared' } as const;

/** `2026-03-01T04:00:00.000Z` → `2026-03-01 12:00:00`, China Standard Time, as Mainland systems write it. */
export function toCst(timestamp: string): string {
  const cst = new Date(Date.parse(timestamp) + 8 * 3_600_000).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 19)}`;
}

/**
 * A practice published on one side, for the partner systems of the other, in the receiver's dialect:
 * Hong Kong's camelCase with English and Traditional Chinese, or the Mainland's pinyin keys with
 * Mainland codes and CST times. Topics and services without a Mainland code are left out of the
 * Mainland event (the platform id is the event's subject either way); null when the practice's
 * jurisdiction is on neither side or its agency has no Mainland code.
 */
export function practiceOutbound(practice: Practice): OutboxMessage | null {
  const side = SIDE_OF[practice.jurisdiction];
  if (!side) return null;
  const to = ACROSS[side];
  const time = practice.updatedAt ?? `${practice.publishedAt}T00:00:00+08:00`;
  const id = `${practice.id}:v${practice.version ?? 1}:shared`;
  if (to === 'hk') {
    return platformEvent({
      topic: OUTBOUND_TOPIC.hk,
      id,
      type: PRACTICE_TYPES.hk,
      subject: practice.id,
      time,
      data: {
        practiceId: practice.id,
        agencyId: practice.agency,
        title: { en: practice.title.en, zhHant: practice.title.zhHant },
        topics: practice.topics,
        relatedServices: practice.relatedServices,
        sharedAt: time,
        audience: JURISDICTION_IDS.filter((j) => SIDE_OF[j] === 'hk'),
        synthetic: practice.synthetic,
      },
    });
  }
  const agency = codeFor(CN_AGENCIES, practice.agency);
  if (!agency) return null;
  return platformEvent({
    topic: OUTBOUND_TOPIC.mainland,
    id,
    type: PRACTICE_TYPES.mainland,
    subject: practice.id,
    time,
    data: {
      jingyan_bh: practice.id,
      biaoti: practice.title.zhHans,
      zhaiyao: practice.summary.zhHans,
      laiyuan_bm: agency,
      biaoqian: practice.topics.flatMap((t) => codeFor(CN_TAGS, t) ?? []),
      fabu_sj: toCst(time),
      guanlian_sx: practice.relatedServices.flatMap((s) => codeFor(CN_SERVICES, s) ?? []),
    },
  });
}

export const QUESTION_TYPE = 'gba.practice.question-asked';

/** A question put to a practice's owner, for the partner systems of the owner's side. */
export function questionOutbound(question: Question): OutboxMessage | null {
  const side = SIDE_OF[question.ownerJurisdiction];
  if (!side) return null;
  return platformEvent({
    topic: OUTBOUND_TOPIC[side],
    id: `${question.id}:asked`,
    type: QUESTION_TYPE,
    subject: question.practice,
    time: question.askedAt,
    data: {
      questionId: question.id,
      practiceId: question.practice,
      owner: { agency: question.ownerAgency, jurisdiction: question.ownerJurisdiction },
      askedBy: { agency: question.askedBy.agency, jurisdiction: question.askedBy.jurisdiction },
      text: question.text,
      askedAt: question.askedAt,
    },
  });
}

/** A CloudEvent of the platform's own, as an outbox message (binary mode; the outbox id follows the event id). */
export function platformEvent(e: {
  topic: string;
  id: string;
  type: string;
  subject: string;
  time: string;
  data: unknown;
}): OutboxMessage {
  const message = toBinary({
    specversion: '1.0',
    id: e.id,
    source: PLATFORM_SOURCE,
    type: e.type,
    subject: e.subject,
    time: e.time,
    datacontenttype: 'application/json',
    data: e.data,
  });
  return {
    id: `out:${e.id}`,
    topic: e.topic,
    key: message.key,
    value: message.value.toString('base64'),
    headers: { ...message.headers },
  };
}
