/**
 * Every Cypher statement the Neo4j adapter sends, built here and nowhere else, so the lint test
 * (test/graph/cypher-lint.test.ts) can pass each one to Neo4j's own linter. Labels, relationship
 * types and property names cannot be parameters in Cypher: they come only from the fixed lists of
 * schema/domain (never from a caller); every value is a parameter.
 */
import { NODE_LABELS, type NodeLabel } from '../../../schema/domain/index.js';
import { FILTERABLE, fieldKind, SEARCHABLE } from '../../../schema/domain/queryable.js';
import { RELATIONS, type RelationSpec } from '../../../schema/domain/relations.js';
import { MAX_TRAVERSAL_DEPTH, type Predicate, type RelationQuery } from '../graph-store.port.js';

export const SEARCH_INDEX = 'gba_search';

function label(l: NodeLabel): string {
  if (!(NODE_LABELS as readonly string[]).includes(l)) throw new Error(`unknown label ${l}`);
  return l;
}

function relType(type: string): string {
  if (!RELATIONS.some((r) => r.type === type)) throw new Error(`unknown relationship type ${type}`);
  return type;
}

function property(l: NodeLabel, field: string): string {
  if (!fieldKind(l, field) || !/^[A-Za-z]+$/.test(field)) throw new Error(`${l}.${field} is not filterable`);
  return field;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase());

export const schemaStatements = (): string[] => [
  ...NODE_LABELS.map(
    (l) => `CREATE CONSTRAINT ${snake(l)}_id IF NOT EXISTS FOR (n:${label(l)}) REQUIRE n.id IS UNIQUE`,
  ),
  ...NODE_LABELS.flatMap((l) =>
    Object.keys(FILTERABLE[l]).map(
      (f) => `CREATE INDEX ${snake(l)}_${snake(f)} IF NOT EXISTS FOR (n:${label(l)}) ON (n.${property(l, f)})`,
    ),
  ),
  // The CJK analyzer indexes character bigrams; the text is already folded to Simplified and stemmed.
  `CREATE FULLTEXT INDEX ${SEARCH_INDEX} IF NOT EXISTS FOR (n:${SEARCHABLE.join('|')}) ON EACH [n.searchTitle, n.searchBody] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'cjk' } }`,
];

/** Writes the changed rows of one label (`$rows`: id, data, props) and returns their ids. */
export const upsertNodes = (l: NodeLabel) =>
  `UNWIND $rows AS row
MERGE (n:${label(l)} {id: row.id})
WITH n, row WHERE n.data IS NULL OR n.data <> row.data
SET n = row.props, n.writtenAt = $at
RETURN n.id AS id`;

export const dropOutgoing = (l: NodeLabel) =>
  `UNWIND $ids AS id
MATCH (n:${label(l)} {id: id})-[r]->()
DELETE r`;

export const mergeEdges = (r: RelationSpec) =>
  `UNWIND $pairs AS pair
MATCH (a:${label(r.from)} {id: pair.from})
MATCH (b:${label(r.to)} {id: pair.to})
MERGE (a)-[:${relType(r.type)}]->(b)`;

export const getByIds = (l: NodeLabel) =>
  `UNWIND $ids AS id
MATCH (n:${label(l)} {id: id})
RETURN n.id AS id, n.data AS data`;

/** Consents stored before `grantedBy` was kept (../consent-granter.ts derives it at init). */
export const CONSENTS_WITHOUT_GRANTER = `MATCH (n:Consent)
WHERE NOT n.data CONTAINS '"grantedBy":'
RETURN n.id AS id, n.data AS data`;

export function predicateCypher(l: NodeLabel, p: Predicate, param: string): string {
  const prop = `n.${property(l, p.field)}`;
  switch (p.op) {
    case 'in':
      return `${prop} IN $${param}`;
    case 'containsAny':
      return `any(x IN ${prop} WHERE x IN $${param})`;
    case 'eq':
    case 'gte':
      return `${prop} ${p.op === 'eq' ? '=' : '>='} $${param}`;
  }
}

export function findStatements(l: NodeLabel, predicates: readonly Predicate[]) {
  const conditions = predicates.map((p, i) => predicateCypher(l, p, `p${i}`));
  const params = Object.fromEntries(predicates.map((p, i) => [`p${i}`, 'values' in p ? [...p.values] : p.value]));
  const where = (extra: string[]) => (extra.length ? `WHERE ${extra.join(' AND ')}` : '');
  return {
    params,
    page: `MATCH (n:${label(l)})
${where(['n.id > $after', ...conditions])}
RETURN n.data AS data ORDER BY n.id LIMIT $limit`,
    count: `MATCH (n:${label(l)})
${where(conditions)}
RETURN count(n) AS total`,
  };
}

export const related = (l: NodeLabel, { type, direction }: RelationQuery) =>
  `UNWIND $ids AS id
MATCH (n:${label(l)} {id: id})${direction === 'out' ? `-[:${relType(type)}]->` : `<-[:${relType(type)}]-`}(m)
RETURN id AS key, m.id AS id ORDER BY m.id`;

/** The depth bound is inlined: Cypher refuses a parameter there. It is checked to be a small integer first. */
export function traverse(l: NodeLabel, { type, direction }: RelationQuery, maxDepth: number): string {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_TRAVERSAL_DEPTH) {
    throw new Error(`traversal depth must be an integer from 1 to ${MAX_TRAVERSAL_DEPTH}, got ${maxDepth}`);
  }
  const hop = `[:${relType(type)}*1..${maxDepth}]`;
  return `MATCH path = (start:${label(l)} {id: $id})${direction === 'out' ? `-${hop}->` : `<-${hop}-`}(m:${label(l)})
WHERE m.id <> $id
RETURN m.id AS id, min(length(path)) AS depth ORDER BY depth, id`;
}

export const search = () =>
  `CALL db.index.fulltext.queryNodes('${SEARCH_INDEX}', $query) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l IN $labels] AS wanted
WHERE size(wanted) > 0 AND ($jurisdictions IS NULL OR node.jurisdiction IN $jurisdictions)
RETURN wanted[0] AS label, node.id AS id, score, node.searchTitle AS title, node.searchBody AS body
ORDER BY score DESC, id LIMIT $first`;

export const countLabel = (l: NodeLabel) => `MATCH (n:${label(l)}) RETURN count(n) AS total`;

export const PING = 'RETURN 1 AS ok';

/** The event ledger beside the graph (graph-store.port.ts `EventLedger`), in the same transactions. */
export const LEDGER_LABELS = ['ProcessedEvent', 'EntityClock', 'Receipt', 'OutboxMessage'] as const;

export const ledgerSchemaStatements = (): string[] => [
  'CREATE CONSTRAINT processed_event_key IF NOT EXISTS FOR (n:ProcessedEvent) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT entity_clock_key IF NOT EXISTS FOR (n:EntityClock) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT receipt_key IF NOT EXISTS FOR (n:Receipt) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT outbox_message_id IF NOT EXISTS FOR (n:OutboxMessage) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX receipt_position IF NOT EXISTS FOR (n:Receipt) ON (n.topic, n.partition, n.offset)',
  'CREATE INDEX outbox_message_order IF NOT EXISTS FOR (n:OutboxMessage) ON (n.enqueuedAt, n.position)',
];

export const LEDGER = {
  processed: `UNWIND $keys AS key
MATCH (p:ProcessedEvent {key: key})
RETURN p.source AS source, p.id AS id, p.digest AS digest, p.time AS time, p.disposition AS disposition`,
  clocks: `UNWIND $keys AS key
MATCH (c:EntityClock {key: key})
RETURN c.key AS key, c.time AS time`,
  /** A rejected event may be replayed; the adapter fails the transaction when `before` shows another. */
  createProcessed: `UNWIND $rows AS row
OPTIONAL MATCH (old:ProcessedEvent {key: row.key})
WITH row, old.disposition AS before
MERGE (p:ProcessedEvent {key: row.key})
SET p += CASE WHEN before IS NULL OR before = 'rejected' THEN row ELSE {} END
RETURN row.key AS key, before`,
  setClocks: `UNWIND $rows AS row
MERGE (c:EntityClock {key: row.key})
SET c.time = row.time`,
  setReceipts: `UNWIND $rows AS row
OPTIONAL MATCH (old:Receipt {key: row.key})
WITH row, old IS NOT NULL AS taken
MERGE (r:Receipt {key: row.key})
SET r += CASE WHEN taken THEN {} ELSE row END
RETURN row.key AS key, taken`,
  enqueue: `UNWIND $rows AS row
MERGE (m:OutboxMessage {id: row.id})
ON CREATE SET m += row`,
  pendingOutbox: `MATCH (m:OutboxMessage)
RETURN m.id AS id, m.topic AS topic, m.key AS key, m.value AS value, m.headers AS headers
ORDER BY m.enqueuedAt, m.position
LIMIT $limit`,
  claimOutbox: `MATCH (m:OutboxMessage)
WHERE m.claimant IS NULL OR m.claimedUntil <= $now OR m.claimant = $claimant OR m.claimant IN $orphans
WITH m ORDER BY m.enqueuedAt, m.position LIMIT $limit
SET m.claimant = $claimant, m.claimedUntil = $until
RETURN m.id AS id, m.topic AS topic, m.key AS key, m.value AS value, m.headers AS headers`,
  outboxClaimants: `MATCH (m:OutboxMessage) WHERE m.claimant IS NOT NULL
RETURN DISTINCT m.claimant AS claimant`,
  releaseOutbox: `UNWIND $ids AS id
MATCH (m:OutboxMessage {id: id}) WHERE m.claimant = $claimant
REMOVE m.claimant, m.claimedUntil`,
  markPublished: `UNWIND $ids AS id
MATCH (m:OutboxMessage {id: id})
DELETE m`,
  receipts: `MATCH (r:Receipt)
WHERE r.topic = $topic AND r.partition = $partition AND r.offset >= $from AND r.offset <= $to
RETURN r.topic AS topic, r.partition AS partition, r.offset AS offset, r.source AS source, r.eventId AS eventId, r.disposition AS disposition, r.reason AS reason
ORDER BY r.offset`,
  receiptCounts: `MATCH (r:Receipt)
WHERE r.topic = $topic AND r.partition = $partition AND r.offset >= $from AND r.offset <= $to
WITH r.disposition AS disposition, r.reason AS reason, count(*) AS count, min(r.offset) AS first
RETURN disposition, reason, count ORDER BY first`,
} as const;
