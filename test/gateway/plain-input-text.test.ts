/**
 * Free text a mutation takes holds no control, bidi-formatting or invisible character: each is refused with
 * BAD_USER_INPUT naming the field and the character, and nothing is written (found by a hostile
 * tester: a requestConsent note "\u001b[31mhi\u202e" reached the resident raw). One row per free-text
 * field of a mutation, through the gateway with the dev identity provider's tokens. Line breaks and
 * tabs are text, as are a variation selector after the character it varies and a joiner between emoji
 * (services/shared/unsafe-characters.ts); the invisible characters went through until probe 12 row 71.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
});
afterAll(() => fx.close());

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field.
type Answer = { data: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
const send = async (who: string, query: string, variables: Record<string, unknown>): Promise<Answer> => {
  const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
  return (await fx.query(query, { variables, headers })).json() as Promise<Answer>;
};

const text = (en: string) => ({ en, zhHant: `${en}(繁)` });
const REQUEST = `mutation ($input: RequestConsentInput!) { requestConsent(input: $input) { id note } }`;
const requestInput = (note: string) => ({
  case: 'case-0002',
  categories: ['IDENTITY'],
  purpose: 'licence-conversion',
  expiresAt: '2026-12-31T23:59:59+08:00',
  note,
});

interface Row {
  readonly mutation: string;
  readonly who: string;
  readonly query: string;
  readonly field: string;
  readonly variables: (bad: string) => Record<string, unknown>;
}

const ROWS: Row[] = [
  {
    mutation: 'requestConsent',
    who: 'hk-official',
    query: REQUEST,
    field: 'input.note',
    variables: (bad) => ({ input: requestInput(bad) }),
  },
  {
    mutation: 'withdrawAnnouncement',
    who: 'hk-official',
    query:
      'mutation ($r: String) { withdrawAnnouncement(id: "ann-hk-td-direct-issue-online-booking", reason: $r) { id } }',
    field: 'reason',
    variables: (bad) => ({ r: bad }),
  },
  {
    mutation: 'publishAnnouncement',
    who: 'hk-official',
    query: 'mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id } }',
    field: 'input.title.en',
    variables: (bad) => ({
      input: {
        agency: 'hk-td',
        title: text(bad),
        body: text('A body'),
        kind: 'PROCEDURE_UPDATE',
        importance: 'NORMAL',
        effectiveFrom: '2026-04-01',
        relatedServices: ['svc-hk-td-direct-issue-dl'],
      },
    }),
  },
  {
    mutation: 'correctAnnouncement',
    who: 'hk-official',
    query: 'mutation ($input: CorrectAnnouncementInput!) { correctAnnouncement(input: $input) { id } }',
    field: 'input.body.zhHant',
    variables: (bad) => ({ input: { id: 'ann-hk-td-direct-issue-online-booking', body: { en: 'Fine', zhHant: bad } } }),
  },
  {
    mutation: 'askOwner',
    who: 'sz-official',
    query: 'mutation ($input: AskOwnerInput!) { askOwner(input: $input) { id } }',
    field: 'input.text',
    variables: (bad) => ({ input: { practice: 'prac-hk-td-direct-issue-in-iamsmart', text: bad } }),
  },
  {
    mutation: 'revokeConsent',
    who: 'p-0004',
    query: 'mutation ($k: String) { revokeConsent(id: "con-0001", idempotencyKey: $k) { consent { id } } }',
    field: 'idempotencyKey',
    variables: (bad) => ({ k: bad }),
  },
];

const BAD: [string, string, string][] = [
  ['an escape sequence', '\u001b[31mhi', 'U+001B at 0'],
  ['a right-to-left override', 'hi\u202eevil', 'U+202E at 2'],
  ['a zero-width space', 'a\u200bb', 'U+200B at 1'],
  ['a NUL', 'x\u0000', 'U+0000 at 1'],
  ['a C1 control', 'x\u009by', 'U+009B at 1'],
  ['a first-strong isolate', 'x\u2068y', 'U+2068 at 1'],
  // Invisible characters (probe 12 row 71): went through before.
  ['tag characters (hidden ASCII)', 'ok\u{E0061}\u{E0062}', 'U+E0061 at 2'],
  ['a soft hyphen', 'con\u00ad-0003', 'U+00AD at 3'],
  ['the Mongolian vowel separator', 'a\u180eb', 'U+180E at 1'],
  ['a combining grapheme joiner', 'c\u034fg', 'U+034F at 1'],
  ['the Hangul filler', '\u3164', 'U+3164 at 0'],
  ['the Hangul jungseong filler', 'x\u1160', 'U+1160 at 1'],
  ['a variation selector with nothing to vary', 'a\ufe0f', 'U+FE0F at 1'],
  ['a run of ideographic variation selectors', '葛\u{E0100}\u{E0101}', 'U+E0101 at 3'],
  ['a zero-width joiner between letters', 'a\u200db', 'U+200D at 1'],
];

/** Text that looks as it is: a name's variation selector, emoji as they are written (probe 12 row 71). */
const TEXT: [string, string][] = [
  ['an ideographic variation selector after an ideograph', '葛\u{E0100}城 (Ge)'],
  ['a standardized variation selector after an ideograph', '一\ufe00'],
  ['an emoji with its presentation selector', 'Thanks \u2764\ufe0f'],
  ['an emoji with a skin tone and a joiner', '\u{1F469}\u{1F3FD}\u200d\u{1F4BB} at work'],
  ['a family emoji of joiners', '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}'],
  ['a keycap', '#\ufe0f\u20e3 1'],
];

describe('free text in a mutation', () => {
  describe.each(ROWS)('$mutation $field', (row) => {
    it.each(BAD)(
      'holding %s is refused, naming the field and the character; nothing is written',
      async (_what, bad, where) => {
        const before = fx.store.dataVersion?.();
        const a = await send(row.who, row.query, row.variables(bad));
        expect(a.data?.[row.mutation] ?? null).toBeNull();
        expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: row.field });
        expect(a.errors?.[0]?.message).toBe(
          `${row.field}: holds the control, bidi-formatting or invisible character ${where}; send the text without it`,
        );
        expect(fx.store.dataVersion?.()).toBe(before);
      },
    );
  });

  it.each(TEXT)('keeps %s: the question is asked as written', async (_what, text) => {
    const a = await send('sz-official', 'mutation ($input: AskOwnerInput!) { askOwner(input: $input) { id text } }', {
      input: { practice: 'prac-hk-td-direct-issue-in-iamsmart', text },
    });
    expect(a.errors).toBeUndefined();
    expect(a.data.askOwner.text).toBe(text);
  });

  it('keeps line breaks and tabs: a note of two lines reaches the resident as written', async () => {
    const note = 'Line one\nLine two\twith a tab';
    const a = await send('hk-official', REQUEST, { input: requestInput(note) });
    expect(a.errors).toBeUndefined();
    expect(a.data.requestConsent.note).toBe(note);
  });
});
