/**
 * Error messages quote what the caller sent: graphql-js's syntax errors quote the offending token,
 * validation errors the unknown field, argument or type, variable errors the value itself
 * (`Variable "$id" got invalid value "…"`), and the readable BAD_USER_INPUT built from them
 * (input-errors.ts) keeps that text in `reason` and `fields`. Unbounded, an answer could carry
 * whatever an attacker wants to show in someone's error view, as large as the body limit allows.
 * Each answer's errors keep naming the field and the reason, with every quoted piece cut to
 * {@link QUOTE_LIMIT} characters, control and format characters removed (all of
 * services/shared/unsafe-characters.ts, line breaks too: a message is one line), and a
 * message at most {@link MESSAGE_LIMIT} characters long. Errors already bounded pass untouched (and
 * unrebuilt: rebuilding a GraphQLError costs a stack trace).
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isGraphQLError } from '../../schema/errors.js';
import { unsafeCharacterPattern } from '../shared/unsafe-characters.js';
import { mapResultErrors } from './result-errors.js';

/** How much of one quoted piece of input an error message keeps. */
export const QUOTE_LIMIT = 64;
/** How long an error message, or a string in its extensions (also in each of `fields`), may be. */
export const MESSAGE_LIMIT = 512;

const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
// Every unsafe character, tab and line breaks included: an error message is one line. The zero-width
// characters, ALM, the word joiner, the line and paragraph separators and BOM went through before.
const INVISIBLE = new RegExp(unsafeCharacterPattern([]), 'gu');

/** `text` with quoted pieces cut, control characters gone, and at most `MESSAGE_LIMIT` characters. */
export function bounded(text: string): string {
  const quotesCut = text.replace(QUOTED, (whole, inner: string) =>
    inner.length > QUOTE_LIMIT ? `"${inner.slice(0, QUOTE_LIMIT).replace(/\\$/, '')}…"` : whole,
  );
  const clean = quotesCut.replace(INVISIBLE, '');
  return clean.length > MESSAGE_LIMIT ? `${clean.slice(0, MESSAGE_LIMIT - 1)}…` : clean;
}

// Extensions that quote the caller are not only input-errors.ts' `field` and `reason`: a refused
// content-encoding names the header's value, an agency refusal the agency asked for. So every string
// in the extensions is bounded, whoever wrote it: at any depth, in objects (each entry of `fields`)
// and in lists alike. Deeper than this, a value is left out rather than walked.
const DEPTH = 8;

/** A plain object (JSON's): other objects (a Headers, say) are left as they are, not walked. */
const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};
const walked = (value: unknown): value is unknown[] | Record<string, unknown> =>
  Array.isArray(value) || isRecord(value);

/** `value` with every string in it bounded; a nesting too deep to walk is dropped. */
function boundedValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return bounded(value);
  if (!walked(value)) return value;
  if (depth >= DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => boundedValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = boundedValue(value[key], depth + 1);
  return out;
}

const INVISIBLE_ANY = new RegExp(INVISIBLE.source, 'u');

/** Whether `bounded` would leave `text` as it is; without building its copy where no `"` can need cutting. */
function isBounded(text: string): boolean {
  if (text.length > MESSAGE_LIMIT || INVISIBLE_ANY.test(text)) return false;
  return !text.includes('"') || bounded(text) === text;
}

/** Whether any string in `value` needs bounding (or its nesting is too deep to walk). */
function unbounded(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !isBounded(value);
  if (!walked(value)) return false;
  if (depth >= DEPTH) return true;
  const values = Array.isArray(value) ? value : Object.values(value);
  return values.some((v) => unbounded(v, depth + 1));
}

const needsBounding = ({ message, extensions }: { message: string; extensions?: unknown }): boolean =>
  !isBounded(message) || unbounded(extensions);

function boundedError(error: unknown): unknown {
  if (!error || typeof error !== 'object' || !('message' in error)) return error;
  const e = error as { message: string; extensions?: Record<string, unknown> };
  if (!needsBounding(e)) return error;
  const extensions = boundedValue(e.extensions ?? {}) as Record<string, unknown>;
  if (!isGraphQLError(error)) return { ...e, message: bounded(e.message), extensions };
  return new GraphQLError(bounded(error.message), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** Bounds the echoed input in every answer's errors; place it before usePlainErrors. */
export function useBoundedEcho(): Plugin {
  return { onResultProcess: mapResultErrors(boundedError) };
}
