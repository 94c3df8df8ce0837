/** How the pipeline's steps read a record: against the batch's view (records as the batch has changed them). */
import type { NodeLabel, NodeOf } from '../../schema/domain/index.js';

export type Lookup = <L extends NodeLabel>(label: L, id: string) => NodeOf<L> | null;
