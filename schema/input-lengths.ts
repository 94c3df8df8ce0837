/**
 * The strings of a field's arguments that exceed their declared ceiling (`extensions.maxLength`, set
 * by input-length-plugin.ts), found by walking the argument values along their GraphQL input types.
 * A ceiling on a field that holds an input object (a title's LocalizedTextInput) narrows every string
 * inside it.
 */
import type {
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
} from 'graphql';

export interface OverlongField {
  /** The argument path, as BAD_USER_INPUT names fields elsewhere: `input.title.en`, `input.topics.2`. */
  readonly field: string;
  readonly reason: string;
  readonly maxLength: number;
}

const declared = (def: GraphQLArgument | GraphQLInputField): number | undefined => {
  const max = def.extensions?.maxLength;
  return typeof max === 'number' ? max : undefined;
};

const narrower = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

// graphql-js's type guards throw on types built by its other copy (a process may load both its
// CommonJS and its ESM build, and the schema may come from either), so kinds are told by their tag.
const tag = (type: GraphQLInputType): string => Object.prototype.toString.call(type);
const nullable = (type: GraphQLInputType): GraphQLInputType =>
  tag(type) === '[object GraphQLNonNull]' ? (type as { ofType: GraphQLInputType }).ofType : type;
const isList = (type: GraphQLInputType): type is GraphQLList<GraphQLInputType> => tag(type) === '[object GraphQLList]';
const isInputObject = (type: GraphQLInputType): type is GraphQLInputObjectType =>
  tag(type) === '[object GraphQLInputObjectType]';

export function overlongArguments(defs: readonly GraphQLArgument[], args: object): OverlongField[] {
  const found: OverlongField[] = [];
  for (const def of defs) walk((args as Record<string, unknown>)[def.name], def.type, def.name, declared(def), found);
  return found;
}

function walk(value: unknown, type: GraphQLInputType, path: string, max: number | undefined, found: OverlongField[]) {
  if (value === null || value === undefined) return;
  const inner = nullable(type);
  if (isList(inner)) {
    if (!Array.isArray(value)) return;
    for (const [i, item] of value.entries()) walk(item, inner.ofType, `${path}.${i}`, max, found);
    return;
  }
  if (isInputObject(inner)) {
    const record = value as Record<string, unknown>;
    for (const field of Object.values(inner.getFields())) {
      walk(record[field.name], field.type, `${path}.${field.name}`, narrower(max, declared(field)), found);
    }
    return;
  }
  if (typeof value === 'string' && max !== undefined && value.length > max) {
    found.push({ field: path, reason: `is longer than ${max.toLocaleString('en-US')} characters`, maxLength: max });
  }
}
