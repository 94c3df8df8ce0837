/**
 * Every mutation of the supergraph the code composes takes an optional `idempotencyKey` (in its
 * `input`, or as an argument beside an id), and the gateway test's table has a row for each, so a
 * mutation added later without a key, or without its replay test, fails here.
 */
import { buildSchema, type GraphQLField, isInputObjectType, isNonNullType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { supergraphSdl } from '../../schema/print.js';
import { MUTATIONS } from './idempotency-keys.cases.js';

const schema = buildSchema(supergraphSdl(), { assumeValidSDL: true });
const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});

/** Where the field takes its key: `idempotencyKey` or `input.idempotencyKey`, with its type. */
function keyOf(field: GraphQLField<unknown, unknown>): { at: string; type: string } | undefined {
  const beside = field.args.find((a) => a.name === 'idempotencyKey');
  if (beside) return { at: 'idempotencyKey', type: String(beside.type) };
  const input = field.args.find((a) => a.name === 'input');
  const type = input && (isNonNullType(input.type) ? input.type.ofType : input.type);
  const inside = isInputObjectType(type) ? type.getFields().idempotencyKey : undefined;
  return inside ? { at: 'input.idempotencyKey', type: String(inside.type) } : undefined;
}

describe('idempotencyKey in the schema', () => {
  it('finds the mutations to check', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(13);
  });

  it.each(mutations.map((m) => [m.name, m] as const))('%s takes an optional String key', (_name, field) => {
    const key = keyOf(field);
    expect(key?.type).toBe('String');
    expect(key?.at).toBe(field.args.some((a) => a.name === 'input') ? 'input.idempotencyKey' : 'idempotencyKey');
  });

  it('has a row in the replay table for every mutation', () => {
    expect(MUTATIONS.map((c) => c.mutation).sort()).toEqual(mutations.map((m) => m.name).sort());
  });
});
