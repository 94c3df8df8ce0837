/**
 * Every String and ID a caller can send has a ceiling, declared in input-limits.ts and stated in its
 * description: this walks each subgraph's schema, so an input added without one fails here.
 */
import type {
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_SCHEMAS } from '../../schema/print.js';

interface StringInput {
  readonly coordinate: string;
  readonly def: GraphQLArgument | GraphQLInputField;
}

// graphql-js's own type guards refuse types built by its other copy (the subgraphs load the CommonJS
// build, the test the ESM one), so kinds are told by their tag.
const kind = (type: GraphQLNamedType) => Object.prototype.toString.call(type);
const isObjectType = (type: GraphQLNamedType): type is GraphQLObjectType => kind(type) === '[object GraphQLObjectType]';
const isInputObjectType = (type: GraphQLNamedType): type is GraphQLInputObjectType =>
  kind(type) === '[object GraphQLInputObjectType]';
function namedTypeName(def: GraphQLArgument | GraphQLInputField): string {
  let type: unknown = def.type;
  while (typeof type === 'object' && type !== null && 'ofType' in type) type = type.ofType;
  return (type as GraphQLNamedType).name;
}

/** The String and ID arguments and input fields of a schema, federation's own and introspection's left out. */
function stringInputs(schema: GraphQLSchema): StringInput[] {
  const found: StringInput[] = [];
  const isString = (def: GraphQLArgument | GraphQLInputField) => ['String', 'ID'].includes(namedTypeName(def));
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('_')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith('_')) continue;
        for (const arg of field.args.filter(isString)) {
          found.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, def: arg });
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()).filter(isString)) {
        found.push({ coordinate: `${type.name}.${field.name}`, def: field });
      }
    }
  }
  return found;
}

describe.each(Object.keys(SUBGRAPH_SCHEMAS) as (keyof typeof SUBGRAPH_SCHEMAS)[])('the %s subgraph', (name) => {
  const inputs = stringInputs(SUBGRAPH_SCHEMAS[name]());

  it('has String and ID inputs to check', () => {
    expect(inputs.length).toBeGreaterThan(5);
  });

  it('declares a ceiling on every String and ID input and states it in the description', () => {
    const undeclared = inputs
      .filter(({ def }) => {
        const max = def.extensions?.maxLength;
        if (typeof max !== 'number') return true;
        return !def.description?.includes(`t most ${max.toLocaleString('en-US')} characters`);
      })
      .map((i) => i.coordinate);
    expect(undeclared).toEqual([]);
  });
});
