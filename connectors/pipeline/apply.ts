/**
 * The apply step: an event's changes as the records they make, against the batch's view. An older
 * event is recorded but does not overwrite newer state; a consent change goes through the consent
 * lifecycle first (a final consent stays final whatever the event's date; a revocation, an expiry or a
 * narrowing re-grant, which takes effect no earlier than when it is processed, is never held back as
 * older); an announcement already known as it is is not written, so subscribers are not told it again
 * as new. A known announcement changed by an event is a new version when the event is newer than the text
 * it holds (the earlier text kept in `versions`, `correctedAt` the event's time, so subscribers are told
 * CORRECTED, as of `correctAnnouncement`), and not written when it is not: an event at the same time with
 * another text is no update (found by a tester, probe 6: one replaced the text in place, version 1, and
 * was pushed as PUBLISHED). A case status that
 * moves a case from another status than the one it holds is STALE_PREVIOUS_STATUS: a status event
 * missed in between, or one from a partner's stale view (one that states no previous status, a
 * case's first, is not held to it; the case's clock still keeps it off newer state). A closed case
 * takes no status but the retelling of the one that closed it (CASE_CLOSED).
 */
import {
  type Announcement,
  type Case,
  heldVersion,
  type NodeLabel,
  type Practice,
  type PracticeVersion,
} from '../../schema/domain/index.js';
import type { AuditEntry } from '../../services/consent/audit/audit-log.port.js';
import type { CaseStatusChange } from '../partners/canonical-event.js';
import type { BatchView } from './batch-view.js';
import { consentChange } from './consent-change.js';
import type { PendingReceipts } from './consent-receipts.js';
import { applyChange, unchangedBy } from './merge.js';
import type { Rejection } from './rejection.js';
import { sameData } from './same-data.js';
import type { ValidEvent } from './validate.js';

export interface Write {
  readonly label: NodeLabel;
  readonly record: { id: string };
}

export type Applied =
  | { readonly ok: true; readonly writes: Write[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * A closed case is final: it may be told again only of the event that closed it (closed, at the time
 * it closed), which changes nothing. Any other status, and a later closing (COMPLETED and WITHDRAWN
 * are both closed), is CASE_CLOSED. Found by testers: a closed case was sent back to received by an
 * event stating no previous status, and closed case-0005 took WITHDRAWN, then COMPLETED, its
 * updatedAt moving each time.
 */
function closedCase(status: CaseStatusChange, kase: Case): Rejection | null {
  if (kase.status !== 'closed') return null;
  if (status.status === 'closed' && Date.parse(status.changedAt) === Date.parse(kase.updatedAt)) return null;
  return {
    code: 'CASE_CLOSED',
    message: `case ${kase.id} closed at ${kase.updatedAt}, which is final; it may be told again only of that, not of ${status.status} at ${status.changedAt}`,
    stage: 'apply',
  };
}

/**
 * A status change dated before the case was submitted did not happen: its time would become the case's
 * `updatedAt` (before its `submittedAt`) and go out to the other side as `changedAt`. Refused
 * CASE_TIME_BEFORE_SUBMISSION, the message naming the payload field (statusChangedAt, gengxin_sj). Found
 * by a tester (probe 9 row 26): a DPO status of case-0010 stating 2020-01-01 was applied and sent on.
 */
function beforeSubmission(event: ValidEvent, status: CaseStatusChange, kase: Case): Rejection | null {
  if (Date.parse(status.changedAt) >= Date.parse(kase.submittedAt)) return null;
  const field = event.dialect.happenedAt[0] ?? 'changedAt';
  return {
    code: 'CASE_TIME_BEFORE_SUBMISSION',
    message: `data.${field}: ${status.changedAt} is before case ${kase.id} was submitted (${kase.submittedAt})`,
    stage: 'apply',
  };
}

/**
 * The case holds neither the status the event moves it from nor the one it moves it to (an open case
 * may be told again of the status it holds, as the sample histories are); or it is closed (above).
 */
function staleTransition(event: ValidEvent, kase: Case | null): Rejection | null {
  const status = event.canonical.caseStatus;
  if (!status || !kase) return null;
  const early = beforeSubmission(event, status, kase);
  if (early) return early;
  const closed = closedCase(status, kase);
  if (closed || kase.status === 'closed') return closed;
  if (status.previousStatus === null || kase.status === status.previousStatus) return null;
  if (kase.status === status.status) return null;
  return {
    code: 'STALE_PREVIOUS_STATUS',
    message: `case ${kase.id} is ${kase.status}, not ${status.previousStatus} as the event says it was before ${status.status}`,
    stage: 'apply',
  };
}

/**
 * A withdrawn announcement is final, as `correctAnnouncement` says of it ("was withdrawn at …"): an event
 * that would change it is ANNOUNCEMENT_WITHDRAWN (one older than what it holds is recorded only, and the
 * same text again changes nothing, as before). Found by a tester (probe 9 row 14): TD's newer re-send
 * of an announcement withdrawn through the API became its version 2, and subscribers were told WITHDRAWN
 * again with the new title.
 */
function withdrawnRefusal(held: Announcement): Rejection | null {
  if (!held.withdrawnAt) return null;
  return {
    code: 'ANNOUNCEMENT_WITHDRAWN',
    message: `announcement ${held.id} was withdrawn at ${held.withdrawnAt}; a withdrawn announcement is not changed again (publish a new one under a new id)`,
    stage: 'apply',
  };
}

/**
 * A known announcement as an event at `time` changes it: the next version, the text it held kept in
 * `versions`; or null when the event is not newer than that text (its clock, else when it was published
 * or last corrected), or when the version it would make holds what the announcement holds. A version
 * keeps the first `publishedAt`, so an event differing in that alone tells nothing new. Found by a
 * tester (probe 11 row 14): a correction sent again under a new event id, later, its data the same
 * (the partner's `publishedAt` the correction's), became version 3 with the text of version 2 and was
 * pushed CORRECTED again; a later `publishedAt` alone made a version too.
 */
function nextVersion(
  held: Announcement,
  merged: Announcement,
  time: string,
  clock: string | null,
): Announcement | null {
  if (sameData({ ...merged, publishedAt: held.publishedAt }, held)) return null;
  const previous = heldVersion(held);
  if (Date.parse(time) <= Math.max(Date.parse(clock ?? previous.since), Date.parse(previous.since))) return null;
  const version = previous.version;
  return {
    ...merged,
    publishedAt: held.publishedAt,
    version: version + 1,
    versions: [...(held.versions ?? []), previous],
    correctedAt: time,
    // The partner's text: no official of the platform corrected it.
    correctedBy: undefined,
  };
}

/**
 * A practice edit must be newer than what it holds (docs/operations.md), as an announcement's correction
 * (nextVersion): an edit at the same time as the held version (its clock, else its `updatedAt`) is
 * recorded only, whichever system sent it, so the version held stays. Found by a tester (probe 12 row
 * 56): TD's and a DPO's edits at one time each became a version, the last to arrive winning, and the
 * first was never pushed to feedUpdated.
 */
function newerThanHeld(held: Practice, time: string, clock: string | null): boolean {
  const times = [clock, held.updatedAt ?? null].filter((t) => t !== null).map((t) => Date.parse(t));
  return times.every((t) => Number.isNaN(t) || Date.parse(time) > t);
}

/**
 * A partner's edit of a published practice, as `sharePractice` makes one: the next version (`updatedAt`
 * the event's time), the version it replaces kept as a PracticeVersion (`<id>-v<n>`, read by
 * `Practice.versions`). The edit replaces the languages it gives (a Chinese script given alone is
 * converted for the other, ./merge.ts) and keeps the others as the replaced version had them: English
 * cannot be derived, so a Mainland edit in Simplified keeps the earlier English (docs/operations.md).
 * Found by a tester (probe 9 row 16): a partner's edit overwrote the practice in place, version 1,
 * `versions` empty, the earlier text lost.
 */
function practiceEdit(held: Practice, merged: Practice, time: string): Write[] {
  const version = held.version ?? 1;
  // The partner's text: no official of the platform shared this version, through no share request.
  const { sharedBy: _by, request: _request, ...edited } = merged;
  const earlier: PracticeVersion = {
    id: `${held.id}-v${version}`,
    practice: held.id,
    version,
    savedAt: held.updatedAt ?? null,
    savedBy: held.sharedBy ?? null,
    content: held,
  };
  const next: Practice = { ...edited, version: version + 1, updatedAt: time };
  return [
    { label: 'PracticeVersion', record: earlier },
    { label: 'Practice', record: next },
  ];
}

export function applyEvent({
  event,
  view,
  at,
  audit,
  receipts,
}: {
  event: ValidEvent;
  view: BatchView;
  at: Date;
  /** Where the consent lifecycle's entries (grant, revocation, expiry) go. */
  audit: AuditEntry[];
  /** Where each consent change's receipt waits to be signed with the batch's. */
  receipts: PendingReceipts;
}): Applied {
  const writes: Write[] = [];
  for (const change of event.canonical.changes) {
    if (change.label === 'Consent') {
      const outcome = consentChange({ event, change, get: view.lookup, now: at, receipts });
      if (!outcome.ok) return outcome;
      // Judged by the lifecycle, never held back as older: a new id has no clock, a re-grant only
      // narrows, and a revocation or expiry takes effect when it is processed.
      if (!outcome.record) continue;
      if (outcome.audit) audit.push(outcome.audit);
      writes.push({ label: 'Consent', record: outcome.record });
      continue;
    }
    if (view.isOlder(change.label, change.id, event.time)) continue;
    const current = view.get(change.label, change.id);
    const stale = change.label === 'Case' ? staleTransition(event, current as Case | null) : null;
    if (stale) return { ok: false, rejection: stale };
    const merged = applyChange(current, change);
    if (!merged.ok)
      return { ok: false, rejection: { code: 'SCHEMA_INVALID_ENTITY', message: merged.message, stage: 'apply' } };
    if (change.label === 'Announcement' && (!merged.changed || unchangedBy(current, change))) continue;
    if (change.label === 'Announcement' && current) {
      const withdrawn = withdrawnRefusal(current as Announcement);
      if (withdrawn) return { ok: false, rejection: withdrawn };
      const next = nextVersion(
        current as Announcement,
        merged.record as Announcement,
        event.time,
        view.clock(change.label, change.id),
      );
      if (next) writes.push({ label: change.label, record: next });
      continue;
    }
    if (change.label === 'Practice' && current) {
      const held = current as Practice;
      if (
        merged.changed &&
        !unchangedBy(current, change) &&
        newerThanHeld(held, event.time, view.clock('Practice', held.id))
      )
        writes.push(...practiceEdit(held, merged.record as Practice, event.time));
      continue;
    }
    writes.push({ label: change.label, record: merged.record as { id: string } });
  }
  return { ok: true, writes };
}
