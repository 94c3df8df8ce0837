/**
 * A Pothos plugin that gives every String and ID input the ceiling input-limits.ts declares for it:
 * the ceiling is written into the field's description and its `extensions.maxLength`, and a field's
 * resolver (or subscription) is only called once every string in its arguments is within its
 * ceiling. Too long a string is refused BAD_USER_INPUT naming its path (`input.title.en`) and the
 * limit; all of them at once, so a client fixes its input in one go.
 */
import SchemaBuilder, {
  BasePlugin,
  type PothosInputFieldConfig,
  type PothosInputFieldType,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { UserFacingError } from './errors.js';
import { overlongArguments } from './input-lengths.js';
import { inputLimit, limitSentence, withLimit } from './input-limits.js';
import { refusedInputOf } from './refused-input.js';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      inputLengths: InputLengthPlugin<Types>;
    }
  }
}

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

export class InputLengthPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onInputFieldConfig(config: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    const named = this.namedType(config.type);
    const max = inputLimit({
      parentType: config.parentType,
      parentField: config.parentField,
      name: config.name,
      typeName: named.name,
    });
    if (max === undefined) return config;
    const sentence = limitSentence(max, {
      list: config.type.kind === 'List',
      holdsTexts: named.kind === 'InputObject',
    });
    return {
      ...config,
      description: withLimit(config.description, sentence),
      extensions: { ...config.extensions, maxLength: max },
    };
  }

  override wrapResolve(resolve: Resolver<Types>, config: PothosOutputFieldConfig<Types>): Resolver<Types> {
    if (Object.keys(config.args).length === 0) return resolve;
    const refused = refusedInputOf(config.extensions);
    return (parent, args, context, info) => {
      const error = overlong(info.parentType.getFields()[info.fieldName]?.args ?? [], args);
      if (!error) return resolve(parent, args, context, info);
      // A field that audits its refusals records this one too (./refused-input.ts).
      if (refused)
        return refused(args as Record<string, unknown>, context, error).then(() => {
          throw error;
        });
      throw error;
    };
  }

  override wrapSubscribe(
    subscribe: Resolver<Types> | undefined,
    config: PothosOutputFieldConfig<Types>,
  ): Resolver<Types> | undefined {
    if (!subscribe || Object.keys(config.args).length === 0) return subscribe;
    return (parent, args, context, info) => {
      const error = overlong(info.parentType.getFields()[info.fieldName]?.args ?? [], args);
      if (error) throw error;
      return subscribe(parent, args, context, info);
    };
  }

  private namedType(type: PothosInputFieldType<Types>): { name: string; kind: string } {
    let inner = type;
    while (inner.kind === 'List') inner = inner.type;
    return { name: this.buildCache.getTypeConfig(inner.ref).name, kind: inner.kind };
  }
}

/** The refusal of arguments with a string over its ceiling, or null. */
function overlong(...[defs, args]: Parameters<typeof overlongArguments>): UserFacingError | null {
  const fields = overlongArguments(defs, args);
  const [first] = fields;
  if (!first) return null;
  return new UserFacingError('BAD_USER_INPUT', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), {
    ...first,
    fields,
  });
}

/** The name to list in a builder's `plugins`. */
export const INPUT_LENGTHS = 'inputLengths' as const;
SchemaBuilder.registerPlugin(INPUT_LENGTHS, InputLengthPlugin);
