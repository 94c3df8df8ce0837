/**
 * The graph-store port. Code that reads or writes the graph depends on this interface only; the
 * composition root picks the adapter (`sqlite/` embedded, `neo4j/` production) from `GRAPH_URL`.
 * Both adapters pass the one contract suite in `test/contracts/graph-store.contract.ts`.
 */
import type { Consent, NodeLabel, NodeOf } from '../../schema/domain/index.js';
import type { FilterField, SearchableLabel } from '../../schema/domain/queryable.js';

export interface NodeBatch<L extends NodeLabel = NodeLabel> {
  readonly label: L;
  readonly records: readonly NodeOf<L>[];
}

export interface WriteResult {
  /** Records inserted or changed; a record written again unchanged does not count. */
  readonly changed: number;
  readonly unchanged: number;
}

export interface Page {
  readonly first: number;
  /** Exclusive cursor: the id after which the page starts (pages are ordered by id, so they are stable). */
  readonly after?: string;
}

/**
 * One condition on a filterable field (schema/domain/queryable.ts): `in` for a scalar among values,
 * `containsAny` for a list sharing a value, `eq` for a boolean, `gte` for a date or time at or after.
 */
export type Predicate<L extends NodeLabel = NodeLabel> =
  | { readonly field: FilterField<L>; readonly op: 'in'; readonly values: readonly string[] }
  | { readonly field: FilterField<L>; readonly op: 'containsAny'; readonly values: readonly string[] }
  | { readonly field: FilterField<L>; readonly op: 'eq'; readonly value: boolean }
  | { readonly field: FilterField<L>; readonly op: 'gte'; readonly value: string };

export interface FindQuery<L extends NodeLabel> extends Page {
  /** All must hold. */
  readonly where: readonly Predicate<L>[];
}

export interface FindResult<T> {
  readonly records: T[];
  /** Matches of the whole filter, all pages together. */
  readonly totalCount: number;
  readonly hasNextPage: boolean;
}

export interface RelationQuery {
  /** Relationship type, e.g. `INSPIRED_BY` (schema/domain/relations.ts). */
  readonly type: string;
  /** `out` follows the relationship as written; `in` follows it backwards. */
  readonly direction: 'out' | 'in';
}

export interface Reached {
  readonly id: string;
  /** Length of the shortest path from the start. */
  readonly depth: number;
}

export interface SearchQuery {
  readonly text: string;
  readonly labels: readonly SearchableLabel[];
  readonly first: number;
  /** Only records of these jurisdictions; every jurisdiction when absent or empty. */
  readonly jurisdictions?: readonly string[];
}

export interface SearchHit {
  readonly label: SearchableLabel;
  readonly id: string;
  /** Higher is better; comparable within one answer only. */
  readonly score: number;
}

/** Where a message was read: the transport's coordinates, kept with every receipt and rejection. */
export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** What became of one delivered message. */
export type Disposition = 'applied' | 'stale' | 'duplicate' | 'rejected';

export interface ProcessedEvent {
  /** `source` and `id` of the CloudEvent: the dedupe key. */
  readonly source: string;
  readonly id: string;
  /** SHA-256 of the canonical event (attributes and data): the same id with another digest is a conflict. */
  readonly digest: string;
  readonly time: string;
  readonly disposition: Exclude<Disposition, 'duplicate'>;
}

export interface Receipt extends Delivery {
  readonly source: string | null;
  readonly eventId: string | null;
  readonly disposition: Disposition;
  /**
   * Reason code for a rejection, e.g. `NO_CONSENT`; for an accepted replay, a note when a consent the
   * resident granted since replaced the one the event names (`consent con-X in place of con-Y (CONSENT_REVOKED)`).
   */
  readonly reason: string | null;
}

/** The number of receipts with one disposition and reason (`receiptCounts`). */
export interface ReceiptCount {
  readonly disposition: Disposition;
  readonly reason: string | null;
  readonly count: number;
}

/** A message to publish once the commit holding it is durable (the transactional outbox). */
export interface OutboxMessage {
  /** Unique and deterministic, so a retried commit cannot queue the same message twice. */
  readonly id: string;
  readonly topic: string;
  readonly key: string | null;
  /** Base64 of the message body: rejected input is kept byte for byte. */
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A publisher's claim on outbox messages (`EventLedger.claimOutbox`). */
export interface OutboxClaim {
  readonly limit: number;
  /** Unique per publisher (a process may run several). */
  readonly claimant: string;
  /** Milliseconds since the epoch, the claimant's clock. */
  readonly now: number;
  /** How long the claim holds: a publisher that dies holding it delays its messages this long. */
  readonly leaseMs: number;
  /** Claimants known to be gone (their process ended): their claims are taken over at once. */
  readonly orphans?: readonly string[];
}

/** The logical time of one entity: the event time of the last change applied to it. */
export interface EntityClock {
  readonly label: NodeLabel;
  readonly id: string;
  readonly time: string;
}

/**
 * Everything one batch of events changes, committed in one store transaction: the graph records,
 * the entity clocks, the processed-event records, the receipts and the outbox. Redelivered input
 * finds its processed record and changes nothing.
 */
export interface EventCommit {
  readonly nodes: readonly NodeBatch[];
  readonly clocks: readonly EntityClock[];
  readonly processed: readonly ProcessedEvent[];
  readonly receipts: readonly Receipt[];
  readonly outbox: readonly OutboxMessage[];
}

/** The event-processing ledger kept beside the graph, in the same store and transactions. */
export interface EventLedger {
  /** Processed records for these `(source, id)` keys (`source\u0000id`), by key. */
  processed(keys: readonly string[]): Promise<Map<string, ProcessedEvent>>;
  /** Entity clocks by `label:id`. */
  clocks(refs: readonly { label: NodeLabel; id: string }[]): Promise<Map<string, string>>;
  /** One transaction; throws (and writes nothing) if an event in it was processed meanwhile. */
  commitEvents(commit: EventCommit): Promise<void>;
  /** Outbox messages not yet published, oldest first (claimed or not). */
  pendingOutbox(limit: number): Promise<OutboxMessage[]>;
  /**
   * Claims up to `limit` unpublished messages, oldest first, for `claimant` until `now + leaseMs`: those
   * no one holds, whose claim has lapsed, that `claimant` holds already or an `orphans` claimant holds.
   * In one conditional write, so two publishers (the platform's and a `gba dlq replay` process's)
   * never get the same message.
   */
  claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]>;
  /** Who holds claims on unpublished messages (a publisher judges which of them are gone). */
  outboxClaimants(): Promise<string[]>;
  /** Gives up `claimant`'s claim on these messages (its publish failed): another may take them now. */
  releaseOutbox(ids: readonly string[], claimant: string): Promise<void>;
  markPublished(ids: readonly string[]): Promise<void>;
  /** Receipts of one partition in an offset range (inclusive), for summaries. */
  receipts(query: { topic: string; partition: number; from: string; to: string }): Promise<Receipt[]>;
  /**
   * How many receipts of one partition's offset range (inclusive) have each disposition and reason, in
   * the order each first occurs in the range.
   */
  receiptCounts(query: { topic: string; partition: number; from: string; to: string }): Promise<ReceiptCount[]>;
}

/** `commitEvents` found an event of the commit already processed: nothing was written. */
export class ProcessedMeanwhile extends Error {
  constructor(
    readonly source: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} from ${source} was processed meanwhile; the batch is retried`);
    this.name = 'ProcessedMeanwhile';
  }
}

/**
 * `commitEvents` found a delivered message of the commit already handled (its receipt is there):
 * another connector on the same partition (an operator's `gba dlq replay` beside `gba start` on the
 * embedded log, or a consumer that lost its partition in a rebalance) committed it first. Nothing
 * was written; the batch is retried and skips it, so its dead letter is never written twice.
 */
export class DeliveredMeanwhile extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The commit's offsets, `from..to`: one of them was handled meanwhile. */
    readonly offsets: string,
  ) {
    super(`a message of ${topic}/${partition} offsets ${offsets} was handled meanwhile; the batch is retried`);
    this.name = 'DeliveredMeanwhile';
  }
}

export const eventKey = (source: string, id: string): string => `${source}\u0000${id}`;
export const clockKey = (label: string, id: string): string => `${label}:${id}`;

export interface GraphStore extends EventLedger {
  /** Engine name for logs and readiness reports, e.g. `sqlite` or `neo4j`. */
  readonly engine: string;
  /** Creates or migrates the schema (tables, constraints, indexes). Idempotent. */
  init(): Promise<void>;
  /** Throws when the store cannot answer a read. */
  ping(): Promise<void>;
  /**
   * Upserts the records and replaces their outgoing relationships, all batches in one transaction:
   * either everything is written or nothing is.
   */
  write(batches: readonly NodeBatch[]): Promise<WriteResult>;
  /** The records with these ids, in the order asked, `null` where none exists. */
  getByIds<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeOf<L> | null)[]>;
  /** Records of one label ordered by id. */
  list<L extends NodeLabel>(label: L, page: Page): Promise<NodeOf<L>[]>;
  /** Records of one label matching every predicate, ordered by id, one page of them. */
  find<L extends NodeLabel>(label: L, query: FindQuery<L>): Promise<FindResult<NodeOf<L>>>;
  /**
   * Every consent of one subject, whatever its state, ordered by id: the records of
   * `find('Consent', { where: [subject in [subject]], first: CONSENTS_OF_MAX })`. The consent gate
   * asks it for every case a request decides on, so an adapter may answer it without `find`'s
   * generic query building.
   */
  consentsOf(subject: string): Promise<readonly Consent[]>;
  /** For each id, the ids one relationship away (batched: one call for many ids), sorted. */
  related(label: NodeLabel, ids: readonly string[], relation: RelationQuery): Promise<Map<string, string[]>>;
  /** Every node reachable from `id` within `maxDepth` hops of one relationship type, nearest first. */
  traverse(label: NodeLabel, id: string, relation: RelationQuery & { readonly maxDepth: number }): Promise<Reached[]>;
  /** Ranked full-text hits in any script (see services/graph/search/text.ts). */
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** Number of nodes per label. */
  counts(): Promise<Record<NodeLabel, number>>;
  /**
   * A mark of the data as it is: it changes with every commit, by this process or any other writer,
   * so equal marks mean the same answers. Absent where the adapter cannot tell (Neo4j: other
   * replicas commit unseen); nothing is then kept across reads.
   */
  dataVersion?(): string;
  close(): Promise<void>;
}

/** The most consents `consentsOf` lists for one subject (the gate's page, as it was asked of `find`). */
export const CONSENTS_OF_MAX = 1000;

/** The deepest traversal a caller may ask for; Cypher cannot take the bound as a parameter. */
export const MAX_TRAVERSAL_DEPTH = 10;

/**
 * What a graph store records that the platform did after seeding, each of which put records on the
 * audit chain: consents granted or changed, consent requests, cases changed by partner events.
 */
export interface GraphHistory {
  readonly consentChanges: number;
  readonly consentRequests: number;
  readonly caseChanges: number;
}
