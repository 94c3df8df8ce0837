/**
 * What an embedded graph store holds that the platform did after seeding, each of which put records
 * on the audit chain: consents granted or changed (every grant, revocation and expiry is an audit
 * record, by API or by event: a consent the data set does not hold, or one at a version after its
 * first), consent requests (each step is one), cases a partner event changed (their entity clocks).
 * Read only: nothing is migrated or written. `gba audit verify` and `gba dlq` ask it when the audit or
 * event log is missing, so that a half-restored folder fails its restore check.
 */
import Database from 'better-sqlite3';
import type { GraphHistory } from '../graph-store.port.js';

const count = (db: Database.Database, sql: string, ...params: unknown[]): number => {
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } catch {
    // A store from before the table's migration holds none of it.
    return 0;
  }
};

/** The history in the graph store at `path` (all zero when there is no store), beside the data set's consent ids. */
export function graphHistory(path: string, seededConsents: ReadonlySet<string>): GraphHistory {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return { consentChanges: 0, consentRequests: 0, caseChanges: 0 };
  }
  try {
    const consents = db
      .prepare(`SELECT id, json_extract(data, '$.version') AS version FROM node WHERE label = 'Consent'`)
      .all() as { id: string; version: number | null }[];
    return {
      consentChanges: consents.filter((c) => !seededConsents.has(c.id) || (c.version ?? 1) > 1).length,
      consentRequests: count(db, `SELECT count(*) AS n FROM node WHERE label = 'ConsentRequest'`),
      caseChanges: count(db, `SELECT count(*) AS n FROM entity_clock WHERE label = 'Case'`),
    };
  } catch {
    return { consentChanges: 0, consentRequests: 0, caseChanges: 0 };
  } finally {
    db.close();
  }
}
