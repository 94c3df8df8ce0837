/**
 * Dead letters shown to operators (services/operations/mask.ts): no person id of the shipped partner
 * events, Hong Kong or Mainland dialect, valid or malformed, is shown in clear. The fixtures' own
 * `_expect` notes (what a test expects of the event) are not partner data and are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskedBody } from '../../services/operations/mask.js';

const DIR = 'deploy/seed/gba/events';
const PERSON_ID = /\bp-\d{4}\b/;
const events = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((file) =>
    readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ at: `${file}:${i + 1}`, line }))
      .filter(({ line }) => PERSON_ID.test(line)),
  );

/** The body as an operator sees it, without the fixtures' `_expect` notes. */
function shown(line: string): string {
  try {
    const { _expect: _, ...event } = JSON.parse(line) as Record<string, unknown>;
    return maskedBody(Buffer.from(JSON.stringify(event)));
  } catch {
    return maskedBody(Buffer.from(line));
  }
}

describe('dead letters shown to operators', () => {
  it('are checked against events that carry person ids, of both dialects', () => {
    expect(events.length).toBeGreaterThan(20);
    expect(events.some(({ at }) => at.startsWith('mainland'))).toBe(true);
  });

  it.each(events)('$at shows no person id in clear', ({ line }) => {
    expect(shown(line)).not.toMatch(PERSON_ID);
  });
});
