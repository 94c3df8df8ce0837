/**
 * `idempotencyKey` on every mutation, through the gateway with the dev identity provider's tokens:
 * the first request does its work; the same caller sending the same key and input again gets the
 * first result back and nothing is written or audited again; the same key with another input is
 * BAD_USER_INPUT naming the key; another caller's same key is a request of their own.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPIC_SPECS } from '../../connectors/transport/event-transport.port.js';
import { type GatewayFixture, startGatewayFixture } from '../support/gateway-fixture.js';
import { tempDir } from '../support/temp-dir.js';
import { type Answer, MUTATIONS, type Send } from './idempotency-keys.cases.js';

const dir = tempDir();
const transport = new SqliteEventLog({ path: join(dir.path, 'events.db') });
let fx: GatewayFixture;
beforeAll(async () => {
  await transport.ensureTopics(TOPIC_SPECS);
  fx = await startGatewayFixture({ transport });
});
afterAll(async () => {
  await fx.close();
  await transport.close();
  dir.remove();
});

const send: Send = async (who, query, variables) => {
  const headers = { authorization: `Bearer ${await fx.idp.token(who)}` };
  return (await fx.query(query, { variables, headers })).json() as Promise<Answer>;
};

/** Every commit of the graph store and the audit chain's length: a replay must change neither. */
async function written() {
  return { graph: fx.store.dataVersion?.(), audit: (await fx.audit.head()).length };
}

describe('a mutation sent with an idempotencyKey', () => {
  it.each(MUTATIONS)('$mutation: replayed, it returns the first result and does nothing again', async (c) => {
    const target = await c.prepare(send, c.who);
    const first = await send(c.who, c.query, c.variables(target, 'same', `key-1-${c.mutation}`));
    expect(first.errors).toBeUndefined();
    expect(first.data[c.mutation]).toBeTruthy();
    const before = await written();
    const replay = await send(c.who, c.query, c.variables(target, 'same', `key-1-${c.mutation}`));
    expect(replay).toEqual(first);
    expect(await written()).toEqual(before);
  });

  it.each(MUTATIONS)('$mutation: the same key with another input is refused, naming the key', async (c) => {
    const target = await c.prepare(send, c.who);
    expect((await send(c.who, c.query, c.variables(target, 'same', `key-2-${c.mutation}`))).errors).toBeUndefined();
    const other = await send(c.who, c.query, c.variables(target, 'different', `key-2-${c.mutation}`));
    expect(other.data?.[c.mutation] ?? null).toBeNull();
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.keyField });
    expect(other.errors?.[0]?.message).toMatch(new RegExp(`^${c.keyField}: was used for a different request`));
  });

  it.each(MUTATIONS.filter((c) => c.other))('$mutation: another caller’s same key is their own request', async (c) => {
    const mine = await send(c.who, c.query, c.variables(await c.prepare(send, c.who), 'same', `key-3-${c.mutation}`));
    const other = c.other as string;
    const theirs = await send(other, c.query, c.variables(await c.prepare(send, other), 'same', `key-3-${c.mutation}`));
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data[c.mutation]).toBeTruthy();
    expect(theirs.data[c.mutation]).not.toEqual(mine.data[c.mutation]);
  });

  // A key names one request of its sender across every mutation (found by a tester: grantConsent then
  // revokeConsent, withdrawAnnouncement then requestConsent, under one key, both ran). Each mutation is
  // sent under a key its sender first used for another one they may send (the next in the table).
  const AFTER = MUTATIONS.flatMap((c) => {
    const theirs = MUTATIONS.filter((d) => d === c || d.who === c.who || d.other === c.who);
    const first = theirs[(theirs.indexOf(c) + 1) % theirs.length];
    return first && first !== c ? [{ ...c, first }] : [];
  });
  it('pairs every mutation with another of the same sender (the one admin has only replayDeadLetters)', () => {
    expect(AFTER.map((c) => c.mutation).sort()).toEqual(
      MUTATIONS.map((c) => c.mutation)
        .filter((m) => m !== 'replayDeadLetters')
        .sort(),
    );
  });

  it.each(AFTER)(
    '$mutation: a key its sender used for $first.mutation is refused, naming the key; nothing is done',
    async (c) => {
      const { first } = c;
      const key = `key-4-${c.mutation}`;
      const firstTarget = await first.prepare(send, c.who);
      const earlier = await send(c.who, first.query, first.variables(firstTarget, 'same', key));
      expect(earlier.errors).toBeUndefined();
      const target = await c.prepare(send, c.who);
      const before = await written();
      const other = await send(c.who, c.query, c.variables(target, 'same', key));
      expect(other.data?.[c.mutation] ?? null).toBeNull();
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.keyField });
      expect(other.errors?.[0]?.message).toMatch(
        new RegExp(`^${c.keyField}: was used for a different request \\(${first.mutation} at `),
      );
      expect(await written()).toEqual(before);
      // The key still names its first request: sent again, it is answered with the first result.
      expect(await send(c.who, first.query, first.variables(firstTarget, 'same', key))).toEqual(earlier);
    },
  );

  it.each(['', ' ', 'k'.repeat(129)])('refuses the key %j, naming it', async (key) => {
    const revoke = MUTATIONS.find((c) => c.mutation === 'revokeConsent');
    const grant = MUTATIONS.find((c) => c.mutation === 'grantConsent');
    for (const c of [revoke, grant]) {
      if (!c) throw new Error('the table lost a case');
      const a = await send(c.who, c.query, c.variables(await c.prepare(send, c.who), 'same', key));
      expect(a.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.keyField });
    }
  });
});
