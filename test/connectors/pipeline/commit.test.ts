/**
 * The commit step: a batch's decisions reach the audit log before its changes reach the store, and
 * a batch retried after its store commit failed does not append its decisions a second time.
 */
import { describe, expect, it } from 'vitest';
import { BatchRecord } from '../../../connectors/pipeline/batch-record.js';
import { BatchView } from '../../../connectors/pipeline/batch-view.js';
import { BatchCommitter } from '../../../connectors/pipeline/commit.js';
import type { AuditEntry } from '../../../services/consent/audit/audit-log.port.js';
import type { EventCommit } from '../../../services/graph/graph-store.port.js';
import { caseStatus, delivered, NOW } from '../../support/pipeline-events.js';

const entry = (requestId: string): AuditEntry => ({
  at: NOW.toISOString(),
  actor: { subject: 'partner:x', clientId: 'x', roles: ['partner-system'] },
  subject: 'p-0006',
  categories: ['identity'],
  resource: 'inbound event',
  purpose: null,
  consentId: null,
  consentVersion: null,
  decision: 'allow',
  reason: 'test',
  requestId,
});

/** Tries of one batch of one message whose step adds one audit entry; `fail` says which commits fail. */
async function tries(fail: boolean[]) {
  const appended: string[] = [];
  const order: string[] = [];
  let attempt = 0;
  const committer = new BatchCommitter({
    audit: {
      append: async (entries) => {
        order.push('audit');
        appended.push(...entries.map((e) => e.requestId));
        return [];
      },
    },
    store: {
      commitEvents: async (_commit: EventCommit) => {
        order.push('store');
        if (fail[attempt++]) throw new Error('store failed');
      },
    },
  });
  const message = delivered(caseStatus('C-1'));
  for (const _ of fail) {
    const record = new BatchRecord({ connector: 'test', at: NOW });
    const from = record.audit.length;
    record.audit.push(entry('C-1'));
    committer.keepOnce(message, record, from);
    await committer.commit({ messages: [message], record, view: new BatchView() }).catch(() => {});
  }
  return { appended, order };
}

const ROWS: [string, boolean[], string[], string[]][] = [
  ['a batch that commits at once', [false], ['C-1'], ['audit', 'store']],
  ['a batch whose store commit fails once', [true, false], ['C-1'], ['audit', 'store', 'store']],
  ['a batch whose store commit fails twice', [true, true, false], ['C-1'], ['audit', 'store', 'store', 'store']],
];

describe('the commit step', () => {
  it.each(ROWS)('%s: its decisions are appended once, before the store', async (_title, fail, appended, order) => {
    expect(await tries(fail)).toEqual({ appended, order });
  });
});
