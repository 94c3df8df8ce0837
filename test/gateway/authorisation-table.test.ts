/**
 * Who may call each root field, as one table: every root Query, Mutation and Subscription field of
 * every subgraph is in it, declares in the schema (`authScopes`, schema/auth-scopes.ts) the rule the
 * table gives, and, through the gateway with the dev identity provider's real tokens, refuses exactly
 * the callers the rule leaves out: UNAUTHENTICATED anonymous, FORBIDDEN signed in.
 */
import type { GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_SCHEMAS } from '../../schema/print.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';

type Rule = 'public' | 'federation' | 'signedIn' | 'official' | 'resident' | 'auditor' | 'admin' | 'officialOfTarget';
const RULES: Record<string, Rule> = {
  ...Object.fromEntries(
    ['agencies', 'agency', 'ask', 'compare', 'jurisdictions', 'practice', 'practices', 'search', 'service']
      .concat(['services', 'topics', 'announcements', 'consentReceiptKey', 'consentReceiptKeys'])
      .concat(['announcementPublished'])
      .map((f) => [f, 'public']),
  ),
  _entities: 'federation',
  _service: 'federation',
  ...Object.fromEntries(['case', 'me'].map((f) => [f, 'signedIn'])),
  ...Object.fromEntries(
    ['feed', 'practiceDrafts', 'feedUpdated', 'adoptPractice', 'answerQuestion', 'askOwner', 'sharePractice']
      .concat(['consentRequests', 'requestConsent', 'cancelConsentRequest'])
      .map((f) => [f, 'official']),
  ),
  ...Object.fromEntries(
    ['myCases', 'myConsents', 'myConsentRequests', 'myDataAccesses', 'grantConsent', 'revokeConsent']
      .concat(['answerConsentRequest'])
      .map((f) => [f, 'resident']),
  ),
  ...Object.fromEntries(['auditChain', 'auditTrail', 'verifyAuditChain'].map((f) => [f, 'auditor'])),
  ...Object.fromEntries(
    ['deadLetter', 'deadLetters', 'outboundTopics', 'partnerSystems', 'replayDeadLetters'].map((f) => [f, 'admin']),
  ),
  // Officials of the agency the announcement is (or is to be) of: the rule needs the arguments.
  ...Object.fromEntries(
    ['publishAnnouncement', 'correctAnnouncement', 'withdrawAnnouncement'].map((f) => [f, 'officialOfTarget']),
  ),
};

interface Root {
  readonly kind: 'query' | 'mutation' | 'subscription';
  readonly field: GraphQLField<unknown, unknown>;
}
const ROOTS: Root[] = Object.values(SUBGRAPH_SCHEMAS).flatMap((make) => {
  const schema = make();
  return (['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
    const type =
      kind === 'query'
        ? schema.getQueryType()
        : kind === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    return Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field }));
  });
});

/** What the field declares: the scope of its `authScopes` map, a function's rule, or nothing (public). */
function declared({ field }: Root): string {
  const scopes = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
  if (scopes === undefined) return field.name.startsWith('_') ? 'federation' : 'public';
  return typeof scopes === 'function' ? 'officialOfTarget' : Object.keys(scopes as object).join('+');
}

describe('every root field declares its rule in the schema', () => {
  it.each(ROOTS.map((r) => [`${r.kind} ${r.field.name}`, r] as const))(
    '%s declares what the table says',
    (_n, root) => {
      expect({ field: root.field.name, rule: declared(root) }).toEqual({
        field: root.field.name,
        rule: RULES[root.field.name],
      });
    },
  );
});

// The subgraphs' schemas may come from the other build of graphql-js than this file's (CommonJS and
// ESM side by side), where graphql's own type predicates refuse them: types are read by their shape.
interface AnyType {
  readonly name?: string;
  readonly ofType?: AnyType;
  getValues?(): readonly { name: string }[];
  getFields?(): Record<string, { name: string; type: unknown }>;
  toString(): string;
}
const required = (type: unknown) => String(type).endsWith('!');
const named = (type: unknown): AnyType => {
  const t = type as AnyType;
  return t.ofType ? named(t.ofType) : t;
};

/** A literal of the type that passes GraphQL validation and names nothing that exists. */
function literal(of: unknown): string {
  const type = of as AnyType;
  if (type.ofType)
    return String(type).startsWith('[') && !required(type) ? `[${literal(type.ofType)}]` : literal(type.ofType);
  if (type.getValues) return type.getValues()[0]?.name ?? '';
  if (type.getFields)
    return `{ ${Object.values(type.getFields())
      .filter((f) => required(f.type))
      .map((f) => `${f.name}: ${literal(f.type)}`)
      .join(', ')} }`;
  if (type.name === 'Int' || type.name === 'Float') return '1';
  if (type.name === 'Boolean') return 'false';
  return '"none-such"';
}

/** Where the generated arguments would not reach the rule, or would change something for the rule's holder. */
const ARGS: Record<string, string> = {
  // hk-official's own agency and one of its announcements (TARGET), so that the rule, not the data, decides;
  // each input is refused after the rule (a date that is none, nothing to correct, a blank reason).
  publishAnnouncement:
    'input: { agency: "hk-td", title: { en: "x" }, body: { en: "x" }, kind: POLICY_ADJUSTMENT, importance: MAJOR, effectiveFrom: "not a date", relatedServices: [] }',
  correctAnnouncement: 'input: { id: TARGET }',
  withdrawAnnouncement: 'id: TARGET, reason: " "',
};

function operation({ kind, field }: Root, target: string): string {
  const args = (
    ARGS[field.name] ??
    field.args
      .filter((a) => required(a.type))
      .map((a) => `${a.name}: ${literal(a.type)}`)
      .join(', ')
  ).replace('TARGET', JSON.stringify(target));
  const leaf = named(field.type);
  const selection = leaf.getFields ? ' { __typename }' : '';
  return `${kind} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

interface Who {
  readonly name: string | null;
  /** The rules this caller satisfies, beside public. */
  readonly holds: readonly Rule[];
}
const WHO: Who[] = [
  { name: null, holds: [] },
  { name: 'hk-official', holds: ['signedIn', 'official', 'officialOfTarget'] },
  { name: 'sz-official', holds: ['signedIn', 'official'] },
  { name: 'p-0001', holds: ['signedIn', 'resident'] },
  { name: 'auditor', holds: ['signedIn', 'auditor'] },
  { name: 'admin', holds: ['signedIn', 'admin'] },
  { name: 'hk-td', holds: ['signedIn'] },
];

/**
 * The gateway calling its subgraphs over HTTP (subgraphs of other processes), and in process with the
 * gateway's secret (`gba start`): the rules live in the subgraphs' schemas and hold either way.
 */
const WAYS = {
  'over HTTP': {},
  'in process': { inProcess: true, hardening: { gatewaySecret: 'e'.repeat(64) } },
} as const;
type Way = keyof typeof WAYS;
const fixtures = new Map<Way, GatewayFixture>();
const tokens = new Map<string, string>();
/** An announcement of hk-td, the agency of hk-official: what correct and withdraw name. */
const targets = new Map<Way, string>();
beforeAll(async () => {
  for (const [way, options] of Object.entries(WAYS) as [Way, (typeof WAYS)[Way]][]) {
    const fx = await startGatewayFixture(options);
    fixtures.set(way, fx);
    const listed = (await (await fx.query('{ announcements(first: 100) { id agency } }')).json()) as {
      data: { announcements: { id: string; agency: string }[] };
    };
    targets.set(way, listed.data.announcements.find((a) => a.agency === 'hk-td')?.id ?? '');
    // Each fixture has its own identity provider, whose tokens only its gateway trusts.
    for (const who of WHO) if (who.name) tokens.set(`${way} ${who.name}`, await fx.idp.token(who.name));
  }
});
afterAll(async () => {
  for (const fx of fixtures.values()) await fx.close();
});

interface Answer {
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}
async function ask(way: Way, who: Who, root: Root): Promise<{ code?: string; message?: string; unlocated: number }> {
  const fx = fixtures.get(way) as GatewayFixture;
  const headers: Record<string, string> = who.name
    ? { authorization: `Bearer ${tokens.get(`${way} ${who.name}`)}` }
    : {};
  const answer = (await (await fx.query(operation(root, targets.get(way) ?? ''), { headers })).json()) as Answer;
  const error = answer.errors?.find((e) => e.path?.[0] === root.field.name);
  // An error with no path is a request error (validation): the field was never reached.
  const unlocated = answer.errors?.filter((e) => !e.path).length ?? 0;
  return { code: error?.extensions?.code, message: error?.message, unlocated };
}

const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

describe.each(Object.keys(WAYS) as Way[])(
  'through the gateway calling its subgraphs %s, each rule refuses exactly the callers it leaves out',
  (way) => {
    const reached = ROOTS.filter((r) => r.kind !== 'subscription' && RULES[r.field.name] !== 'federation');
    it.each(reached.map((r) => [`${r.kind} ${r.field.name}`, r] as const))('%s', async (_n, root) => {
      const rule = RULES[root.field.name] as Rule;
      const answers = [];
      for (const who of WHO) answers.push({ who, ...(await ask(way, who, root)) });
      for (const a of answers)
        expect({ who: a.who.name, unlocated: a.unlocated }).toEqual({ who: a.who.name, unlocated: 0 });
      if (rule === 'public') {
        for (const a of answers)
          expect({ who: a.who.name, refused: REFUSALS.has(a.code ?? '') }).toEqual({ who: a.who.name, refused: false });
        return;
      }
      const left = answers.filter((a) => !a.who.holds.includes(rule));
      for (const a of left)
        expect({ who: a.who.name, code: a.code }).toEqual({
          who: a.who.name,
          code: a.who.name ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        });
      // A holder may still be refused by the data (no such consent of yours), but never by the rule's words.
      const ruleWords = new Set(left.map((a) => a.message));
      for (const a of answers.filter((x) => x.who.holds.includes(rule)))
        expect({ who: a.who.name, code: a.code, byRule: ruleWords.has(a.message) }).toEqual({
          who: a.who.name,
          code: a.code === 'UNAUTHENTICATED' ? 'not UNAUTHENTICATED' : a.code,
          byRule: false,
        });
    });
  },
);
