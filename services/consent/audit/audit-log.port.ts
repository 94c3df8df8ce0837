/**
 * The audit-log port: every consent decision, allow or deny, appended and hash-chained, so an
 * auditor can prove no record was edited, deleted, inserted or reordered.
 */

import type { DataCategory, JurisdictionId } from '../../../schema/domain/index.js';
import { sha256Hex } from '../../shared/sha256.js';
import { canonicalEncoder } from './canonical.js';

export interface AuditEntry {
  /** RFC 3339 time of the decision. */
  readonly at: string;
  /** Who asked: the token's subject, username or client, agency, jurisdiction and roles. */
  readonly actor: {
    readonly subject: string;
    readonly username?: string;
    readonly clientId: string;
    readonly agency?: string;
    readonly jurisdiction?: JurisdictionId;
    readonly roles: readonly string[];
  };
  /** Whose data: the person id. */
  readonly subject: string;
  readonly categories: readonly DataCategory[];
  /** What was asked for, e.g. `case case-0001 applicant.idNumber`. */
  readonly resource: string;
  readonly purpose: string | null;
  readonly consentId: string | null;
  readonly consentVersion: number | null;
  readonly decision: 'allow' | 'deny';
  /** Why, in a few words: `origin jurisdiction`, `consent con-0001`, `no consent covers it`, … */
  readonly reason: string;
  readonly requestId: string;
}

export interface AuditRecord extends AuditEntry {
  /** 1, 2, 3, … without gaps. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash a record must carry: over the previous hash and the canonical encoding of seq and entry. */
export function recordHash(prevHash: string, seq: number, entry: AuditEntry): string {
  return chainHash(prevHash, recordBody(seq, entry));
}

const encodeRecord = canonicalEncoder(
  [
    'at',
    'actor',
    'subject',
    'categories',
    'resource',
    'purpose',
    'consentId',
    'consentVersion',
    'decision',
    'reason',
    'requestId',
    'seq',
  ],
  { actor: canonicalEncoder(['subject', 'username', 'clientId', 'agency', 'jurisdiction', 'roles']) },
);

/** The canonical encoding of seq and entry; the column's seq wins over one inside a stored entry. */
export const recordBody = (seq: number, entry: AuditEntry): string => encodeRecord({ ...entry, seq });

export const chainHash = (prevHash: string, body: string): string => sha256Hex(`${prevHash}\n${body}`);

export type VerifyResult =
  | { readonly ok: true; readonly records: number; readonly head: string }
  | { readonly ok: false; readonly records: number; readonly firstBad: number; readonly problem: string };

/** A window of decision times, `since` ≤ at < `until`, each as `Date.toISOString()` writes it (UTC). */
export interface AuditRange {
  readonly since?: string;
  readonly until?: string;
}

/** A range narrowed to the decisions of one agency's callers, or to one outcome. */
export interface AuditFilter extends AuditRange {
  /** The actor's agency (`actor.agency`). */
  readonly agency?: string;
  readonly decision?: 'allow' | 'deny';
}

/** The chain as it stands: the number of records (the last seq) and the last hash (GENESIS_HASH when empty). */
export interface ChainHead {
  readonly length: number;
  readonly hash: string;
}

export interface AuditPage extends AuditFilter {
  readonly first: number;
  /** Records older than this seq: the last seq of the page before (pages run newest first). */
  readonly before?: number;
}

/** A range as the two strings an adapter compares `at` with: an open end is one every time passes. */
export function auditBounds({ since, until }: AuditRange): [since: string, until: string] {
  return [since ?? '', until ?? '\uffff'];
}

export interface AuditLog {
  /** Appends the entries in order, in one transaction; rejects (and appends nothing) on any failure. */
  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  /** Records about one person within the range, newest first. */
  bySubject(subject: string, page: AuditPage): Promise<AuditRecord[]>;
  countBySubject(subject: string, filter?: AuditFilter): Promise<number>;
  /** The head of the chain, without walking it (verify walks it). */
  head(): Promise<ChainHead>;
  /** Recomputes the whole chain and names the first record that breaks it. */
  verify(): Promise<VerifyResult>;
  close(): Promise<void>;
}

export interface StoredRecord {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly entry: AuditEntry;
  /**
   * The copies of entry fields an adapter keeps beside the entry to find records by (a column, a
   * property). The hash covers the entry only, so verification also checks that each copy still says
   * what the entry says: an edited copy would move a record to another resident's trail unnoticed.
   */
  readonly indexed?: IndexedFields;
}

/** Entry fields an adapter may keep beside the entry; `at` in UTC (toISOString). */
export interface IndexedFields {
  readonly subject?: string;
  readonly at?: string;
  readonly agency?: string | null;
  readonly decision?: string;
}

/** The first indexed copy that differs from its entry, or undefined when all agree. */
export function indexedMismatch(entry: AuditEntry, indexed: IndexedFields | undefined): string | undefined {
  if (!indexed) return undefined;
  const truth: Required<IndexedFields> = {
    subject: entry.subject,
    at: Number.isNaN(Date.parse(entry.at)) ? entry.at : new Date(entry.at).toISOString(),
    agency: entry.actor?.agency ?? null,
    decision: entry.decision,
  };
  return (Object.keys(indexed) as (keyof IndexedFields)[]).find(
    (key) => indexed[key] !== undefined && indexed[key] !== truth[key],
  );
}

/**
 * Checks records one at a time in stored order (sequence, linkage, hashes), so a log too large to
 * hold in memory is verified page by page. `push` answers false at the first record that breaks it.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  private count = 0;
  private failure: VerifyResult | null = null;

  push(r: StoredRecord): boolean {
    if (this.failure) return false;
    this.count++;
    const bad = (problem: string) => {
      this.failure = { ok: false, records: this.count, firstBad: r.seq, problem };
      return false;
    };
    if (r.seq !== this.expectedSeq)
      return bad(
        `sequence number ${r.seq} where ${this.expectedSeq} was expected (a record was deleted, inserted or moved)`,
      );
    if (r.prevHash !== this.prev) return bad(`it does not link to record ${r.seq - 1} (previous hash differs)`);
    if (recordHash(r.prevHash, r.seq, r.entry) !== r.hash)
      return bad('its content does not match its hash (it was edited)');
    const copy = indexedMismatch(r.entry, r.indexed);
    if (copy) return bad(`its indexed ${copy} differs from its content (the index was edited)`);
    this.prev = r.hash;
    this.expectedSeq++;
    return true;
  }

  result(): VerifyResult {
    return this.failure ?? { ok: true, records: this.count, head: this.prev };
  }
}

/** Walks records in stored order and checks sequence, linkage and hashes. */
export function verifyChain(records: Iterable<StoredRecord>): VerifyResult {
  const verifier = new ChainVerifier();
  for (const r of records) if (!verifier.push(r)) break;
  return verifier.result();
}

/** A stored entry's JSON, or a marker that makes verification name the record when it is not JSON. */
export function parseStoredEntry(text: string): AuditEntry {
  try {
    return JSON.parse(text) as AuditEntry;
  } catch {
    return { unreadable: text } as unknown as AuditEntry;
  }
}
