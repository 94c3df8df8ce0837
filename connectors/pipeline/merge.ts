/**
 * Applies one canonical change to the current record: fields replaced, text merged language by
 * language (a Chinese text given in one script is converted for the other, so Traditional and
 * Simplified never disagree), consent versions counted, the result checked against the model.
 */
import type { z } from 'zod';
import { NODE_SCHEMAS, type NodeLabel, type NodeOf } from '../../schema/domain/index.js';
import { fastParser } from '../../schema/fast-parse.js';
import { toSimplified, toTraditional } from '../../schema/script-conversion.js';
import type { Change } from '../partners/canonical-event.js';
import { sameData } from './same-data.js';

type Text = { en?: string; zhHant?: string; zhHans?: string };
const isText = (v: unknown): v is Text =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).some((k) => k === 'zhHant' || k === 'zhHans' || k === 'en') &&
  Object.keys(v).every((k) => k === 'en' || k === 'zhHant' || k === 'zhHans');

function mergeText(current: Text | undefined, given: Text): Text {
  const zhHant = given.zhHant ?? (given.zhHans ? toTraditional(given.zhHans) : current?.zhHant);
  const zhHans = given.zhHans ?? (given.zhHant ? toSimplified(given.zhHant) : current?.zhHans);
  // English cannot be derived: it stays as it was, or (for a new record) takes the Chinese text.
  const en = given.en ?? current?.en ?? zhHant ?? zhHans;
  return { en, zhHant, zhHans } as Text;
}

export type Merged<L extends NodeLabel> =
  | { readonly ok: true; readonly record: NodeOf<L>; readonly changed: boolean }
  | { readonly ok: false; readonly message: string };

export function applyChange<L extends NodeLabel>(current: NodeOf<L> | null, change: Change): Merged<L> {
  const base = (current ?? (change.create ? { id: change.id, ...change.create } : null)) as Record<
    string,
    unknown
  > | null;
  if (!base) return { ok: false, message: `${change.label} ${change.id} does not exist` };
  const next: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(change.set)) {
    next[field] = isText(value) ? mergeText(base[field] as Text | undefined, value) : value;
  }
  const parsed = checked.has(base) ? checkFields(change, base, next) : checkRecord(change, next);
  if (!parsed.ok) return parsed;
  const record = parsed.record;
  const changed = current === null || !sameData(record, current);
  // Every change to a consent is a new version; the audit log names the version a decision used.
  if (change.label === 'Consent' && current && changed)
    record.version = ((current as { version?: number }).version ?? 1) + 1;
  checked.add(record);
  return { ok: true, record: record as NodeOf<L>, changed };
}

/**
 * The records this module built and checked against the model. A later change to one of them (a
 * batch changes the same service or case again and again) checks only the fields it sets: the model
 * has no rule across fields, so the rest holds as checked (the whole-record check was a sixth of
 * the apply step, bench:ingest). A record read from the store is checked whole, as before.
 */
const checked = new WeakSet<object>();

type Checked =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; message: string };

const refusal = (
  change: Change,
  issue: { path: PropertyKey[]; message: string } | undefined,
  under: PropertyKey[] = [],
): Checked => ({
  ok: false,
  message: `${change.label} ${change.id}: ${[...under, ...(issue?.path ?? [])].map(String).join('.')}: ${issue?.message}`,
});

/** Each label's model check and each of its fields', the valid case first (schema/fast-parse.ts). */
const RECORD_PARSERS = new Map(
  Object.entries(NODE_SCHEMAS).map(([label, schema]) => [label, fastParser(schema as z.ZodType)]),
);
const FIELD_PARSERS = new Map(
  Object.entries(NODE_SCHEMAS).map(([label, schema]) => [
    label,
    new Map(Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, s]) => [field, fastParser(s)])),
  ]),
);

function checkRecord(change: Change, next: Record<string, unknown>): Checked {
  const parsed = (RECORD_PARSERS.get(change.label) as (v: unknown) => z.ZodSafeParseResult<unknown>)(next);
  return parsed.success
    ? { ok: true, record: parsed.data as Record<string, unknown> }
    : refusal(change, parsed.error.issues[0]);
}

/** Each set field against its own schema; a field the record lacks (its key order would change) checks the whole. */
function checkFields(change: Change, base: Record<string, unknown>, next: Record<string, unknown>): Checked {
  const fields = FIELD_PARSERS.get(change.label);
  for (const field of Object.keys(change.set)) {
    const parse = fields?.get(field);
    if (!parse || !(field in base)) return checkRecord(change, next);
    const parsed = parse(next[field]);
    if (!parsed.success) return refusal(change, parsed.error.issues[0], [field]);
    // The value as the whole-record check gives it (parsing again what was parsed changes nothing).
    next[field] = parsed.data;
  }
  return { ok: true, record: next };
}

/**
 * True when the record already holds every value the change gives (a text, in the languages it
 * gives): the change tells nothing new, whatever languages were derived for the record before.
 */
export function unchangedBy(current: unknown, change: Change): boolean {
  if (current === null || typeof current !== 'object') return false;
  const record = current as Record<string, unknown>;
  return Object.entries(change.set).every(([field, value]) => {
    const held = record[field];
    if (isText(value) && held && typeof held === 'object')
      return Object.entries(value).every(([lang, text]) => (held as Text)[lang as keyof Text] === text);
    return sameData(held, value);
  });
}
