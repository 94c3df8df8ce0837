/**
 * /metrics counts an event that failed authentication under `partner="unauthenticated"`, type
 * `unknown`: not under the source it claims (a forger inflated TD's counters) and not under a type it
 * chose (label values of the forger's choosing). From the outside: the platform as `gba start` runs
 * it, events sent by `gba ingest` in its own process (unsigned, signed by another system, signed with
 * TD's key ids under other secrets), /metrics read over HTTP; TD's own signed event still counts under TD.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPartnerKeysFile } from '../../services/platform/adapters.js';
import { gbaProcess } from '../support/gba-process.js';
import { caseStatus } from '../support/pipeline-events.js';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

const TD = 'urn:gba:hk:td';
const STATUS = 'hk.gov.case.status-changed';

/** An event naming TD (case-0006's status, whatever becomes of it): `type` its sender's choice. */
const event = (id: string, type: string) => caseStatus(id, {}, { source: TD, type });

/** [how it is sent, its gba ingest options, the reason it is refused]: each names TD and a type of its own. */
const FORGED: [string, (keys: string) => string[], string][] = [
  ['unsigned', (keys) => ['--keys', keys], 'SOURCE_NOT_AUTHENTICATED'],
  ['signed by 1823', () => ['--as', 'urn:gba:hk:1823'], 'SOURCE_NOT_AUTHENTICATED'],
  ['signed with TD’s key ids under other secrets', (keys) => ['--sign', '--keys', keys], 'BAD_SIGNATURE'],
];
const forgedType = (i: number) => `hk.td.forged-type-${i}`;

interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

let fx: PlatformFixture;
let samples: Sample[] = [];

const read = async (): Promise<Sample[]> => {
  const text = await (await fetch(new URL('/metrics', fx.gateway))).text();
  return [...text.matchAll(/^gba_partner_events_total\{(.*)\} (\d+)$/gm)].map(([, labels, value]) => ({
    labels: Object.fromEntries([...(labels as string).matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v])),
    value: Number(value),
  }));
};
const total = (s: readonly Sample[]) => s.reduce((n, x) => n + x.value, 0);

beforeAll(async () => {
  fx = await startPlatformFixture();
  const gba = gbaProcess(fx.dataDir);
  // A keyring of TD's key ids with other secrets: the header names TD's key, the MAC is not TD's.
  const keys = JSON.parse(readFileSync(devPartnerKeysFile(fx), 'utf8')) as Record<string, { secret: string }[]>;
  for (const key of keys[TD] ?? []) key.secret = Buffer.alloc(32, 7).toString('base64url');
  const otherSecrets = join(fx.dataDir, 'other-secrets.json');
  writeFileSync(otherSecrets, JSON.stringify(keys));
  for (const [i, [, options]] of FORGED.entries()) {
    const file = join(fx.dataDir, `forged-${i}.jsonl`);
    writeFileSync(file, `${JSON.stringify(event(`forged-${i}`, forgedType(i)))}\n`);
    await gba(['ingest', file, ...options(otherSecrets)]);
  }
  const file = join(fx.dataDir, 'td.jsonl');
  writeFileSync(file, `${JSON.stringify(event('td-own', STATUS))}\n`);
  await gba(['ingest', file]);
  // Counted once the platform's connectors committed them: wait for all four.
  for (let i = 0; i < 100 && total(samples) < FORGED.length + 1; i++) {
    samples = await read();
    if (total(samples) < FORGED.length + 1) await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);
afterAll(() => fx?.close());

describe('/metrics and events that failed authentication', () => {
  it('counts none of them under the source they claim', () => {
    const underTd = samples.filter((s) => s.labels.partner === TD);
    expect(underTd.map((s) => s.labels.reason)).not.toContain('SOURCE_NOT_AUTHENTICATED');
    expect(underTd.map((s) => s.labels.reason)).not.toContain('BAD_SIGNATURE');
    expect(total(underTd)).toBe(1);
  });

  it.each(FORGED.map(([how, , reason]) => [how, reason]))(
    'counts one %s under partner "unauthenticated", type "unknown", reason %s',
    (_how, reason) => {
      const rows = FORGED.filter(([, , r]) => r === reason).length;
      const counted = samples.filter((s) => s.labels.reason === reason);
      expect(counted.map((s) => [s.labels.partner, s.labels.type, s.labels.outcome])).toEqual([
        ['unauthenticated', 'unknown', 'rejected'],
      ]);
      expect(total(counted)).toBe(rows);
    },
  );

  it('shows no label value the forger chose', () => {
    const values = samples.flatMap((s) => Object.values(s.labels));
    expect(values.filter((v) => v.includes('forged'))).toEqual([]);
  });
});
