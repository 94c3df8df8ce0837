/**
 * Every Cypher statement the Neo4j audit log sends (the lint test checks each with Neo4j's own
 * linter). Records are `AuditRecord` nodes; one `AuditHead` node holds the chain's last seq and hash
 * and is the lock that serialises appends across processes.
 */
export const AUDIT_LABELS = ['AuditRecord', 'AuditHead'] as const;

export const AUDIT_SCHEMA = [
  'CREATE CONSTRAINT audit_record_seq IF NOT EXISTS FOR (r:AuditRecord) REQUIRE r.seq IS UNIQUE',
  'CREATE INDEX audit_record_subject IF NOT EXISTS FOR (r:AuditRecord) ON (r.subject, r.seq)',
  'CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE',
  'MERGE (h:AuditHead {id: $id}) ON CREATE SET h.seq = 0, h.hash = $genesis',
] as const;

/** Writing the head first takes its write lock: a second appender waits here until this commit. */
export const LOCK_HEAD = 'MATCH (h:AuditHead {id: $id}) SET h.lockedAt = $at RETURN h.seq AS seq, h.hash AS hash';

export const APPEND = `UNWIND $records AS r
CREATE (:AuditRecord {seq: r.seq, subject: r.subject, at: r.at, agency: r.agency, decision: r.decision, entry: r.entry, prevHash: r.prevHash, hash: r.hash})
WITH count(*) AS appended
MATCH (h:AuditHead {id: $id})
SET h.seq = $seq, h.hash = $hash
RETURN appended`;

/** Newest first. Records appended before \`at\` was kept as a property count as '' (only open ranges hold them). */
export const BY_SUBJECT = `MATCH (r:AuditRecord)
WHERE r.subject = $subject AND r.seq < $before AND coalesce(r.at, '') >= $since AND coalesce(r.at, '') < $until
  AND ($agency IS NULL OR r.agency = $agency) AND ($decision IS NULL OR r.decision = $decision)
RETURN r.seq AS seq, r.entry AS entry, r.prevHash AS prevHash, r.hash AS hash
ORDER BY r.seq DESC
LIMIT $first`;

export const COUNT_BY_SUBJECT = `MATCH (r:AuditRecord)
WHERE r.subject = $subject AND coalesce(r.at, '') >= $since AND coalesce(r.at, '') < $until
  AND ($agency IS NULL OR r.agency = $agency) AND ($decision IS NULL OR r.decision = $decision)
RETURN count(r) AS total`;

export const HEAD = 'MATCH (h:AuditHead {id: $id}) RETURN h.seq AS seq, h.hash AS hash';

/** One page of the whole chain in stored order, for verification. */
export const CHAIN_PAGE = `MATCH (r:AuditRecord)
WHERE r.seq > $after
RETURN r.seq AS seq, r.entry AS entry, r.prevHash AS prevHash, r.hash AS hash,
  r.subject AS subject, r.at AS at, r.agency AS agency, r.decision AS decision
ORDER BY r.seq
LIMIT $first`;

export const AUDIT_STATEMENTS = [...AUDIT_SCHEMA, LOCK_HEAD, APPEND, BY_SUBJECT, COUNT_BY_SUBJECT, CHAIN_PAGE, HEAD];
