import type { BaseContext } from '../../../schema/builder.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import type { AuditLog } from '../audit/audit-log.port.js';
import type { ReceiptSigner } from '../receipts.js';
import type { ConsentRequestDesk } from '../requests/desk.js';

export interface ConsentDeps {
  readonly store: GraphStore;
  readonly audit: AuditLog;
  readonly receipts: ReceiptSigner;
  readonly now: () => Date;
}

export interface ConsentContext extends BaseContext, ConsentDeps {
  readonly requests: ConsentRequestDesk;
}
