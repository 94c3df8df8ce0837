/**
 * Text in a partner event holds no control, bidi-formatting or invisible character, as the API's free text holds
 * none (services/server-kit/use-plain-input-text.ts, the set of services/shared/unsafe-characters.ts):
 * refused UNSAFE_CHARACTER, the message naming the payload field and the character, nothing written.
 * Tab and line breaks are text, and so are a variation selector after the character it varies and a
 * joiner between emoji; the invisible characters (tags, soft hyphen, fillers) were applied until probe
 * 12 row 71. Found by a tester (probe 11 row 16): TD's announcement title
 * `ctl\u001b[31m red` was applied and served by GraphQL with its escape sequence, to the console, the
 * search and every subscriber. `gba ingest` into a seeded SQLite store (test/support/gba-cli.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gbaIn, ingestOne, lettersOf } from '../support/gba-cli.js';
import { graphRecord } from '../support/graph-records.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
/** TD's announcement, as a new one `ann` under event id `ann`, its data changed by `data`. */
const hk = (ann: string, data: Record<string, unknown>): Json => {
  const e = sample('hk-inbound', '71374c13-08fa-5725-a7eb-212eb5350b3e') as Json;
  return { ...e, id: ann, subject: ann, data: { ...e.data, announcementId: ann, ...data } };
};
/** iShenzhen's announcement, as a new one `ann` under event id `ann`, its data changed by `data`. */
const cn = (ann: string, data: Record<string, unknown>): Json => {
  const e = sample('mainland-inbound', 'ISZ-20250222090000-0003') as Json;
  return { ...e, id: ann, subject: ann, data: { ...e.data, gonggao_bh: ann, ...data } };
};
const title = (en: string) => ({ title: { en, zhHant: '標題' } });

// [what the text holds, the event, the topic, the letter's message, or null: applied]
const ROWS: [string, Json, string, string | null][] = [
  ['an ANSI escape in a title', hk('ann-u1', title('ctl\u001b[31m red')), 'hk', 'data.title.en holds U+001B'],
  [
    'a right-to-left override in a body',
    hk('ann-u2', { body: { en: 'ok', zhHant: '甲\u202e乙' } }),
    'hk',
    'data.body.zhHant holds U+202E',
  ],
  ['a zero-width space in a title', hk('ann-u3', title('zero\u200bwidth')), 'hk', 'data.title.en holds U+200B'],
  ['DEL in a title', hk('ann-u4', title('del\u007f')), 'hk', 'data.title.en holds U+007F'],
  ['a C1 control in a Mainland title', cn('ann-u5', { biaoti: '标题\u0085' }), 'mainland', 'data.biaoti holds U+0085'],
  [
    'a bidi isolate in a Mainland body',
    cn('ann-u6', { zhengwen: '正文\u2066' }),
    'mainland',
    'data.zhengwen holds U+2066',
  ],
  [
    'a NUL in a related service id',
    hk('ann-u7', { relatedServices: ['svc-hk-td\u0000'] }),
    'hk',
    'data.relatedServices[0] holds U+0000',
  ],
  // Invisible characters (probe 12 row 71): applied before, now refused as the API refuses them.
  [
    'tag characters spelling hidden ASCII in a title',
    hk('ann-i1', title('pay\u{E0069}\u{E0067}\u{E006E}')),
    'hk',
    'data.title.en holds U+E0069',
  ],
  [
    'a soft hyphen in a body',
    hk('ann-i2', { body: { en: 'con\u00ad-0003', zhHant: '甲' } }),
    'hk',
    'data.body.en holds U+00AD',
  ],
  ['the Mongolian vowel separator', hk('ann-i3', title('a\u180eb')), 'hk', 'data.title.en holds U+180E'],
  ['a combining grapheme joiner', hk('ann-i4', title('c\u034fg')), 'hk', 'data.title.en holds U+034F'],
  ['the Hangul filler as a Mainland title', cn('ann-i5', { biaoti: '\u3164' }), 'mainland', 'data.biaoti holds U+3164'],
  ['the Hangul choseong filler', cn('ann-i6', { zhengwen: '正文\u115f' }), 'mainland', 'data.zhengwen holds U+115F'],
  ['the halfwidth Hangul filler', hk('ann-i7', title('x\uffa0')), 'hk', 'data.title.en holds U+FFA0'],
  ['an interlinear annotation anchor', hk('ann-i8', title('x\ufff9y')), 'hk', 'data.title.en holds U+FFF9'],
  ['a variation selector after a Latin letter', hk('ann-i9', title('a\ufe0f')), 'hk', 'data.title.en holds U+FE0F'],
  [
    'a second ideographic variation selector (a run carries hidden bytes)',
    hk('ann-i10', { title: { en: 'Ge', zhHant: '葛\u{E0100}\u{E0101}' } }),
    'hk',
    'data.title.zhHant holds U+E0101',
  ],
  [
    'a zero-width joiner between letters',
    cn('ann-i11', { biaoti: 'con\u200d0003' }),
    'mainland',
    'data.biaoti holds U+200D',
  ],
  // Text: lines and tabs; a variation selector after the character it varies; emoji as written.
  ['a line feed and a tab in a body', hk('ann-u8', { body: { en: 'one\n\ttwo\r\nthree', zhHant: '一' } }), 'hk', null],
  ['plain Mainland text', cn('ann-u9', { biaoti: '标题' }), 'mainland', null],
  [
    'an ideographic variation selector in a name',
    hk('ann-t1', { title: { en: 'Ge', zhHant: '葛\u{E0100}城' } }),
    'hk',
    null,
  ],
  [
    'a standardized variation selector after a Mainland ideograph',
    cn('ann-t2', { biaoti: '标题\ufe00' }),
    'mainland',
    null,
  ],
  [
    'emoji with a presentation selector, a skin tone and joiners',
    hk('ann-t3', {
      body: {
        en: 'Open \u2764\ufe0f \u{1F469}\u{1F3FD}\u200d\u{1F4BB} \u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
        zhHant: '開',
      },
    }),
    'hk',
    null,
  ],
];

const outcomes = new Map<string, { code: number; letter: { reason: string; message: string } | undefined }>();
beforeAll(async () => {
  expect((await gba(['seed'])).code).toBe(0);
  for (const [, event, side] of ROWS) {
    const { code } = await ingestOne(gba, dir.path, event, `gba.inbound.${side}`);
    const letter = (await lettersOf(gba)).find((l) => l.eventId === event.id);
    outcomes.set(event.id, { code, letter });
  }
}, 120_000);

describe('control, bidi and invisible characters in a partner event’s text', () => {
  it.each(ROWS)('%s', async (_what, event, _side, message) => {
    const { code, letter } = outcomes.get(event.id) ?? { code: -1, letter: undefined };
    const stored = await graphRecord(dir.path, 'Announcement', event.id);
    if (message === null) {
      expect({ code, letter }).toEqual({ code: 0, letter: undefined });
      expect(stored).not.toBeNull();
      return;
    }
    expect(code).toBe(65);
    expect(letter?.reason).toBe('UNSAFE_CHARACTER');
    expect(letter?.message).toContain(message);
    expect(stored).toBeNull();
  });
});
