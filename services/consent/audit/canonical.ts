// Keys recur (every event of a type has the same ones): each is quoted once, up to a bound, so a
// hostile stream of new keys cannot grow it without limit. Only short keys are kept: field names are,
// and a partner's event may carry keys as long as the message (a bound on the count alone would let
// ten thousand of those stay in memory).
const QUOTED_MAX = 10_000;
const QUOTED_KEY_MAX = 64;
const quotedKeys = new Map<string, string>();

function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (key.length <= QUOTED_KEY_MAX && quotedKeys.size < QUOTED_MAX) quotedKeys.set(key, text);
  }
  return text;
}

/** The characters the quoted-key cache holds (keys and their quoted text), for tests of its bound. */
export function quotedKeysHeld(): number {
  let chars = 0;
  for (const [key, text] of quotedKeys) chars += key.length + text.length;
  return chars;
}

/** Whether `keys` are in the default sort's order already (most records are built in it): no sort then. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/** Up to this many keys are sorted in place by insertion (no work array); more by the default sort. */
const INSERTION_MAX = 32;

/**
 * `keys` in the default sort's order (UTF-16 code units, as RFC 8785 asks), in place. A record's few
 * keys are sorted by insertion: the default sort allocated a work array for every record out of order
 * (about 2 KB per partner event); beyond 32 keys insertion's n² would let a record of thousands of
 * keys cost seconds, so the default sort takes those.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > INSERTION_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
}

/**
 * Canonical JSON for hashing (after RFC 8785): object keys sorted, no white space, undefined left
 * out. Two records equal as data encode to the same bytes, so a hash names the content alone.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonical(value[i]);
    }
    return `${out}]`;
  }
  return canonicalRecord(value as Record<string, unknown>, null);
}

/**
 * canonical() of a record without one of its keys: the same bytes as canonical() of a copy without
 * that key, without making the copy (a consent's receipt signs the consent without its receipts).
 */
export function canonicalWithout(record: object, omitted: string): string {
  return canonicalRecord(record as Record<string, unknown>, omitted);
}

function canonicalRecord(record: Record<string, unknown>, omitted: string | null): string {
  const keys = Object.keys(record);
  // Compared by UTF-16 code units, as RFC 8785 asks (`>` here, the default sort beyond 32 keys).
  if (!inOrder(keys)) sortKeys(keys);
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined || key === omitted) continue;
    if (out.length > 1) out += ',';
    out += `${quoted(key)}:${canonical(v)}`;
  }
  return `${out}}`;
}

/** An encoder made for one shape of record (canonicalEncoder). */
export type CanonicalEncoder = ((value: unknown) => string) & {
  /**
   * A copy of `value` with its keys inserted in canonical order, whose JSON.stringify is canonical()'s
   * bytes; null when that cannot be promised (a key outside the shape, a value other than a primitive,
   * an array of primitives or a record of a nested shape).
   */
  readonly sortedCopy: (value: unknown) => Record<string, unknown> | null;
};

/** Keys V8 enumerates before all others, whatever their insertion order (array indices). */
const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

/**
 * A value JSON.stringify writes as canonical() does: a string, number, boolean, null or undefined
 * (left out of a record by both), or an array of strings, numbers, booleans and nulls with no holes
 * and no prototype of its own (one could carry a toJSON that JSON.stringify would call).
 */
function plainValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const type = typeof v;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const t = typeof x;
    if (x !== null && t !== 'string' && t !== 'number' && t !== 'boolean') return false;
  }
  return true;
}

/** JSON.stringify calls a toJSON it finds on the copy's prototypes: then the copy is not used. */
const prototypesPlain = () =>
  (Object.prototype as { toJSON?: unknown }).toJSON === undefined &&
  (Array.prototype as { toJSON?: unknown }).toJSON === undefined;

/**
 * canonical() for records of a known shape: the same bytes, without sorting and quoting the keys at
 * every call (the audit log encodes each record it appends, on the request path; a consent receipt
 * signs the consent). A record of the shape whose values are primitives, arrays of primitives or
 * records of a nested shape (`fields` made by canonicalEncoder) is copied with its keys in canonical
 * order and written by JSON.stringify, a third of the cost of writing it key by key (2.2 against 6.8
 * µs for an audit record); any other is written key by key, and a record with a key outside `keys` by
 * canonical() itself. `omitted` is a key of the shape left out of the encoding (a consent's receipts
 * are never part of what a receipt signs). test/consent/audit-encoding.test.ts holds both paths to
 * canonical()'s bytes.
 */
export function canonicalEncoder(
  keys: readonly string[],
  fields: Readonly<Record<string, (value: unknown) => string>> = {},
  { omitted = null }: { omitted?: string | null } = {},
): CanonicalEncoder {
  const sorted = keys.filter((k) => k !== omitted).sort();
  const known = new Set(omitted === null ? sorted : [...sorted, omitted]);
  const prefixes = sorted.map((k) => `${JSON.stringify(k)}:`);
  const encoders = sorted.map((k) => fields[k] ?? canonical);
  const nested = sorted.map((k) => (fields[k] as Partial<CanonicalEncoder> | undefined)?.sortedCopy ?? null);
  // A copy's keys keep their insertion order in JSON.stringify only when none looks like an index.
  const copyable = !sorted.some((k) => INDEX_LIKE.test(k));
  const inShape = (value: unknown): value is Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    // Own keys only, as canonical() reads: a record with a prototype of its own goes through it.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key of Object.keys(value)) if (!known.has(key)) return false;
    return true;
  };
  const sortedCopy = (value: unknown): Record<string, unknown> | null => {
    if (!copyable || !inShape(value)) return null;
    const copy: Record<string, unknown> = {};
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i] as string;
      const v = value[key];
      const inner = nested[i];
      if (inner && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const c = inner(v);
        if (c === null) return null;
        copy[key] = c;
      } else if (plainValue(v)) copy[key] = v;
      else return null;
    }
    return copy;
  };
  const encode = (value: unknown): string => {
    const copy = sortedCopy(value);
    if (copy !== null && prototypesPlain()) return JSON.stringify(copy);
    if (!inShape(value))
      return omitted === null || !isRecord(value) ? canonical(value) : canonicalWithout(value, omitted);
    let out = '{';
    for (let i = 0; i < sorted.length; i++) {
      const v = value[sorted[i] as string];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      // A string is canonical()'s JSON.stringify whatever its field's encoder: called directly.
      out +=
        (prefixes[i] as string) +
        (typeof v === 'string' ? JSON.stringify(v) : (encoders[i] as (value: unknown) => string)(v));
    }
    return `${out}}`;
  };
  return Object.assign(encode, { sortedCopy });
}

const isRecord = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
