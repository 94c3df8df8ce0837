/**
 * A partner's consent grant that reuses the id of ANOTHER resident's consent is refused SUBJECT_MISMATCH
 * whatever state that consent is in, with the same message as for any id not the subject's: answering
 * CONSENT_FINAL for a revoked or expired one would tell a consent manager that the id exists and what
 * became of it (an oracle). From the partner door: `gba ingest`, the reason as `gba dlq list` gives it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn } from '../support/gba-cli.js';
import { iamSmartGrant } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);

beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
});

// iAM Smart grants p-0002 a consent under the id of another resident's consent of the sample data set.
const ROWS: [state: string, id: string, owner: string][] = [
  ['in force', 'con-0003', 'p-0006'],
  ['in force, of the other side', 'con-0001', 'p-0004'],
  ['revoked', 'con-0004', 'p-0007'],
  ['expired', 'con-0007', 'p-0001'],
  ['revoked after it expired', 'con-0009', 'p-0003'],
];

describe('a consent grant under another resident’s consent id, from the partner door', () => {
  it.each(ROWS)('%s (%s of %s): SUBJECT_MISMATCH, the same words as any id not p-0002’s', async (_s, id) => {
    const file = join(dir.path, `${id}.jsonl`);
    writeFileSync(file, `${JSON.stringify(iamSmartGrant(id, '2026-02-20T10:00:00+08:00'))}\n`);
    expect((await gba(['ingest', file])).code).toBe(65);
    const letters = JSON.parse((await gba(['dlq', 'list', '--json'])).out.join('\n')) as {
      eventId: string;
      reason: string;
      message: string;
    }[];
    const letter = letters.find((l) => l.eventId === `grant-${id}`);
    expect(letter?.reason).toBe('SUBJECT_MISMATCH');
    expect(letter?.message).toMatch(new RegExp(`consent ${id} is not a consent of this subject$`));
  });
});
