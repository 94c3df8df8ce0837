/**
 * A given (source, id, payload) has at most one dead letter: found by a tester, each `gba ingest`
 * of a changed event under an id already applied added one more DUPLICATE_ID_DIFFERENT_PAYLOAD
 * letter, and resending the old versions of a refused then corrected id added one or two letters
 * each time, so a partner could grow the queue without limit. Bytes already lettered are now
 * rejected earlier (no letter); a payload not seen before under the id still gets its one letter.
 * `gba` runs as its own OS process, on real SQLite.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NOW } from '../support/gba-cli.js';
import { gbaProcess } from '../support/gba-process.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaProcess(dir.path, {}, CLI_NOW);

/** Versions of a 1823 enquiry: its service and the summary's English text. */
const VERSIONS: Record<string, { serviceId: string; en: string }> = {
  GOOD: { serviceId: 'svc-hk-iamsmart-selfreg-kiosk', en: 'Where can I register for iAM Smart+ in Macao?' },
  OTHER: { serviceId: 'svc-hk-iamsmart-selfreg-kiosk', en: 'Where can I register for iAM Smart+ in Zhuhai?' },
  THIRD: { serviceId: 'svc-hk-iamsmart-selfreg-kiosk', en: 'Where can I register for iAM Smart+ in Shenzhen?' },
  NOPE_2: { serviceId: 'svc-nope2', en: 'Where can I register for iAM Smart+ in Macao?' },
  NOPE_3: { serviceId: 'svc-nope3', en: 'Where can I register for iAM Smart+ in Macao?' },
};

/** An enquiry received by 1823 with this id, in this version. */
const event = (id: string, version: string) =>
  JSON.stringify({
    specversion: '1.0',
    id,
    source: 'urn:gba:hk:1823',
    type: 'hk.1823.enquiry.received',
    subject: '1823-E-2026-0000412',
    time: '2026-01-02T21:14:00+08:00',
    datacontenttype: 'application/json',
    data: {
      enquiryNo: '1823-E-2026-0000412',
      channel: 'chatbot',
      language: 'zh-HK',
      serviceId: VERSIONS[version]?.serviceId,
      topicId: 'digital-identity',
      receivedAt: '2026-01-02T21:14:00+08:00',
      handledBy: 'chatbot',
      resolved: true,
      referredTo: null,
      summary: { en: VERSIONS[version]?.en, zhHant: '喺澳門邊度可以登記智方便+?' },
    },
  });

interface Letter {
  eventId: string | null;
  reason: string;
  dlqOffset: string;
}
const letters = async () => JSON.parse((await gba(['dlq', 'list', '--json'])).stdout) as Letter[];

/** Ingests each version of event `id` as its own file, in order; each run's stdout. */
async function ingest(id: string, versions: readonly string[]) {
  const out: string[] = [];
  for (const [i, version] of versions.entries()) {
    const file = join(dir.path, `${id}-${i}.jsonl`);
    writeFileSync(file, `${event(id, version)}\n`);
    out.push((await gba(['ingest', file])).stdout);
  }
  return out;
}

const [GOOD, OTHER, THIRD] = ['GOOD', 'OTHER', 'THIRD'];

describe('letters of an id sent again with other bytes', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
  });

  // [name, id, versions sent in order, letters expected for the id (reasons), outcome of each ingest]
  it.each([
    [
      'changed bytes of an applied id, three times: one letter',
      'CHG-1',
      [GOOD, OTHER, OTHER, OTHER],
      ['DUPLICATE_ID_DIFFERENT_PAYLOAD'],
      ['1 accepted', '1 rejected', 'rejected earlier', 'rejected earlier'],
    ],
    [
      'two refused versions, a correction, then each old version again: one letter a payload',
      'CHG-2',
      ['NOPE_2', 'NOPE_3', 'NOPE_2', GOOD, 'NOPE_2', 'NOPE_3', 'NOPE_2', 'NOPE_3'],
      ['UNKNOWN_REFERENCE_SERVICE', 'UNKNOWN_REFERENCE_SERVICE'],
      ['1 rejected', '1 rejected', 'rejected earlier', '1 accepted', ...Array(4).fill('rejected earlier')],
    ],
    [
      'a conflict, then another changed payload: each its own letter, once',
      'CHG-3',
      [GOOD, OTHER, THIRD, OTHER, THIRD],
      ['DUPLICATE_ID_DIFFERENT_PAYLOAD', 'DUPLICATE_ID_DIFFERENT_PAYLOAD'],
      ['1 accepted', '1 rejected', '1 rejected', 'rejected earlier', 'rejected earlier'],
    ],
    [
      'control: a good id sent again is a duplicate, no letter',
      'CHG-4',
      [GOOD, GOOD, GOOD],
      [],
      ['1 accepted', '1 duplicate', '1 duplicate'],
    ],
  ])('%s', async (_name, id, versions, reasons, outcomes) => {
    const out = await ingest(id, versions);
    const mine = (await letters()).filter((l) => l.eventId === id);
    expect(mine.map((l) => l.reason)).toEqual(reasons);
    for (const [i, outcome] of outcomes.entries()) expect(out[i]).toContain(outcome);
    // Each resend points at the letter of its own bytes: the letters are in the order their versions first came.
    const lettered = versions.filter((_, i) => outcomes[i] === '1 rejected');
    for (const [i, o] of out.entries()) {
      if (outcomes[i] !== 'rejected earlier') continue;
      const letter = mine[lettered.indexOf(versions[i] as string)];
      expect(o).toContain(
        `  ${id}  rejected earlier: ${letter?.reason}, in the dead-letter queue; fix the cause and run gba dlq replay --offset ${letter?.dlqOffset}`,
      );
    }
  });

  it('shows an id holding spaces as one quoted column, never as an outcome', async () => {
    const out = await ingest('x  applied', ['NOPE_2', 'NOPE_2']);
    expect(out[1]).toContain('  "x\\u0020\\u0020applied"  rejected earlier: UNKNOWN_REFERENCE_SERVICE');
    for (const o of out) expect(o).not.toMatch(/^ {2}x {2}applied/m);
  });
});
