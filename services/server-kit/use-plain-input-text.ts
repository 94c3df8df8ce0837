/**
 * Free text sent to a mutation holds no control, bidirectional-formatting or invisible character: every string
 * a mutation's arguments hold (a note, a reason, a title, a body, a question, a key), at any depth, is
 * checked before anything runs, and one that holds such a character is refused with BAD_USER_INPUT
 * naming its field (`input.note`, `input.title.en`) and the character. Found by a tester: a
 * `requestConsent` note `"\u001b[31mhi\u202e"` was stored and shown raw to the resident, where an
 * escape sequence recolours a terminal and U+202E reverses what the reader sees. Refused rather than
 * cleaned on output: stored text is then the same for every reader (the console, `gba`, the other
 * side's partner systems), and nobody's words are changed silently. Line breaks and tabs are text; so
 * are a variation selector after the character it varies and a joiner between emoji (the rule of
 * services/shared/unsafe-characters.ts). Invisible characters were added by probe 12 row 71: the tag
 * characters, the soft hyphen, U+180E, U+034F and the Hangul fillers went through.
 * The set is the one error messages drop (./use-bounded-echo.ts) and `gba` escapes
 * (services/cli/terminal-safe.ts): services/shared/unsafe-characters.ts.
 */
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLError,
  getArgumentValues,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badUserInput } from '../../schema/errors.js';
import { refusedInputOf } from '../../schema/refused-input.js';
import { codePointName, UNSAFE_KIND, unsafeCharacterPattern } from '../shared/unsafe-characters.js';

// The unsafe characters but tab, line feed and carriage return: lines and columns are text (a
// Windows client writes CRLF).
const UNSAFE = new RegExp(unsafeCharacterPattern(['\t', '\n', '\r']), 'u');

/** The first string under `value` that holds an unsafe character: its field path and the character. */
function firstUnsafe(value: unknown, path: string): { field: string; char: string; at: number } | undefined {
  if (typeof value === 'string') {
    const found = UNSAFE.exec(value);
    return found ? { field: path, char: found[0], at: found.index } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = firstUnsafe(v, `${path}.${i}`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = firstUnsafe(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return undefined;
}

export function usePlainInputText(): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = (args.document as DocumentNode).definitions.find(
        (d): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION && (args.operationName == null || d.name?.value === args.operationName),
      );
      const mutationType = args.schema.getMutationType();
      if (operation?.operation !== 'mutation' || !mutationType) return;
      const fields = mutationType.getFields();
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        const definition = fields[(selection as FieldNode).name.value];
        if (!definition) continue;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(definition, selection, args.variableValues ?? {});
        } catch {
          continue; // a coercion error: execution reports it as it always did
        }
        const bad = firstUnsafe(values, '');
        if (!bad) continue;
        const error = badUserInput(
          bad.field,
          `holds the ${UNSAFE_KIND} ${codePointName(bad.char)} at ${bad.at}; send the text without it`,
        );
        // A field that audits its refusals records this one too (schema/refused-input.ts).
        await refusedInputOf(definition.extensions)?.(values, args.contextValue, error);
        setResultAndStopExecution({ data: null, errors: [error as GraphQLError] });
        return;
      }
    },
  };
}
