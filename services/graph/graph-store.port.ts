/**
 * The graph-store port. Code that reads or writes the graph depends on this interface only; the
 * composition root picks the adapter (`sqlite/` embedded, `neo4j/` production) from `GRAPH_URL`.
 */
import type { NodeLabel, NodeOf } from '../../schema/domain/index.js';

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
  /** Exclusive cursor: the id after which the page starts. */
  readonly after?: string;
}

export interface GraphStore {
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
  /** Number of nodes per label. */
  counts(): Promise<Record<NodeLabel, number>>;
  close(): Promise<void>;
}
