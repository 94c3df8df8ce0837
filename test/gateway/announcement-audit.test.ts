/**
 * Every change of an announcement is in the audit log, done or refused: who, which announcement of
 * which agency, the version it made, the outcome; an auditor reads them with auditTrail under the
 * announcement's id (a refused publish under the agency it was made for).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformFixture, startPlatformFixture } from '../support/platform-fixture.js';

let fx: PlatformFixture;
beforeAll(async () => {
  fx = await startPlatformFixture();
}, 60_000);
afterAll(() => fx?.close());

type Result = { data?: Record<string, unknown> | null; errors?: { extensions?: Record<string, unknown> }[] };

async function gql(query: string, variables: Record<string, unknown>, who: string): Promise<Result> {
  const response = await fetch(fx.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await fx.token(who)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)` });
const PUBLISH = 'mutation ($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) { id } }';
const CORRECT = 'mutation ($input: CorrectAnnouncementInput!) { correctAnnouncement(input: $input) { id } }';
const WITHDRAW = 'mutation ($id: ID!) { withdrawAnnouncement(id: $id) { id } }';
const WITHDRAW_FOR = 'mutation ($id: ID!, $reason: String) { withdrawAnnouncement(id: $id, reason: $reason) { id } }';
const TRAIL = `query ($subject: ID!) { auditTrail(subject: $subject, first: 100) { edges { node {
  who agency subject categories resource decision reason } } } }`;

const publishInput = (agency: string, en: string) => ({
  input: {
    agency,
    title: text(en),
    body: text(`${en}: body`),
    kind: 'PROCEDURE_UPDATE',
    importance: 'NORMAL',
    effectiveFrom: '2026-04-01',
    relatedServices: ['svc-hk-td-direct-issue-dl'],
  },
});

/** The trail oldest first (auditTrail pages newest first). */
async function trail(subject: string) {
  const result = await gql(TRAIL, { subject }, 'auditor');
  expect(result.errors).toBeUndefined();
  const edges = ((result.data ?? {}).auditTrail as { edges: { node: Record<string, unknown> }[] }).edges;
  return edges.map((e) => e.node).reverse();
}

describe('the audit trail of an announcement', () => {
  it('records its publication, a refused and an accepted correction, a refused and an accepted withdrawal', async () => {
    const published = await gql(PUBLISH, publishInput('hk-td', 'Audited changes'), 'hk-official');
    const id = ((published.data ?? {}).publishAnnouncement as { id: string }).id;
    const steps: [string, string, Record<string, unknown>, string | null][] = [
      ['sz-official', CORRECT, { input: { id, title: text('Not yours') } }, 'FORBIDDEN'],
      ['hk-official', CORRECT, { input: { id, title: text('Corrected') } }, null],
      ['sz-official', WITHDRAW, { id }, 'FORBIDDEN'],
      ['hk-official', WITHDRAW, { id }, null],
    ];
    for (const [who, query, variables, code] of steps) {
      const result = await gql(query, variables, who);
      expect(result.errors?.[0]?.extensions?.code ?? null).toBe(code);
    }
    const refused = (action: string) =>
      `FORBIDDEN: Only officials of hk-td ${action} its announcements; you are of sz-gov-data-bureau.`;
    const record = (who: string, agency: string, resource: string, decision: string, reason: string) => ({
      who,
      agency,
      subject: id,
      categories: [],
      resource,
      decision,
      reason,
    });
    expect(await trail(id)).toEqual([
      record(
        'hk-official',
        'hk-td',
        `announcement ${id} of hk-td version 1: publish`,
        'ALLOW',
        'official of the announcing agency',
      ),
      record('sz-official', 'sz-gov-data-bureau', `announcement ${id} of hk-td: correct`, 'DENY', refused('correct')),
      record(
        'hk-official',
        'hk-td',
        `announcement ${id} of hk-td version 2: correct`,
        'ALLOW',
        'official of the announcing agency',
      ),
      record('sz-official', 'sz-gov-data-bureau', `announcement ${id} of hk-td: withdraw`, 'DENY', refused('withdraw')),
      record(
        'hk-official',
        'hk-td',
        `announcement ${id} of hk-td version 2: withdraw`,
        'ALLOW',
        'official of the announcing agency',
      ),
    ]);
  });

  it.each([
    [
      'a publish for another agency',
      PUBLISH,
      publishInput('hk-dpo', 'Not my agency'),
      'hk-dpo',
      'announcement for hk-dpo: publish',
      'FORBIDDEN',
    ],
    [
      'a correction of no announcement',
      CORRECT,
      { input: { id: 'ann-none', title: text('x') } },
      'ann-none',
      'announcement ann-none: correct',
      'NOT_FOUND',
    ],
    [
      'a withdrawal of no announcement',
      WITHDRAW,
      { id: 'ann-gone' },
      'ann-gone',
      'announcement ann-gone: withdraw',
      'NOT_FOUND',
    ],
    // Refused for their text before the resolver runs (use-plain-input-text.ts, input-length-plugin.ts):
    // a refused attempt all the same, audited as the resolvers' own refusals are.
    [
      'a publish whose title holds a right-to-left override',
      PUBLISH,
      publishInput('hk-td', 'Bidi \u202e title'),
      'hk-td',
      'announcement for hk-td: publish',
      'BAD_USER_INPUT',
    ],
    [
      'a correction whose title holds an escape',
      CORRECT,
      { input: { id: 'ann-escape', title: text('Escape \u001b[2J') } },
      'ann-escape',
      'announcement ann-escape: correct',
      'BAD_USER_INPUT',
    ],
    [
      'a withdrawal whose reason holds an isolate',
      WITHDRAW_FOR,
      { id: 'ann-isolate', reason: 'Isolate \u2066 reason' },
      'ann-isolate',
      'announcement ann-isolate: withdraw',
      'BAD_USER_INPUT',
    ],
    [
      'a withdrawal whose reason is too long',
      WITHDRAW_FOR,
      { id: 'ann-long', reason: 'x'.repeat(501) },
      'ann-long',
      'announcement ann-long: withdraw',
      'BAD_USER_INPUT',
    ],
  ])('records %s as refused, under what it named', async (_case, query, variables, subject, resource, code) => {
    const result = await gql(query, variables, 'hk-official');
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(await trail(subject)).toEqual([
      expect.objectContaining({
        who: 'hk-official',
        agency: 'hk-td',
        subject,
        resource,
        decision: 'DENY',
        reason: expect.stringMatching(new RegExp(`^${code}: `)),
      }),
    ]);
  });
});
