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
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Default sort compares UTF-16 code units, as RFC 8785 asks; so does `>` above.
  if (!inOrder(keys)) keys.sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quoted(key)}:${canonical(v)}`;
  }
  return `${out}}`;
}

/**
 * canonical() for records of a known shape: the same bytes, without sorting and quoting the keys at
 * every call (the audit log encodes each record it appends, on the request path). A record with a key
 * outside `keys` is encoded by canonical() itself. `fields` encode the value of some keys (a nested
 * record of a known shape); the others go through canonical().
 */
export function canonicalEncoder(
  keys: readonly string[],
  fields: Readonly<Record<string, (value: unknown) => string>> = {},
): (value: unknown) => string {
  const sorted = [...keys].sort();
  const known = new Set(sorted);
  const prefixes = sorted.map((k) => `${JSON.stringify(k)}:`);
  const encoders = sorted.map((k) => fields[k] ?? canonical);
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return canonical(value);
    const record = value as Record<string, unknown>;
    // Own keys only, as canonical() reads: a record with a prototype of its own goes through it.
    const proto = Object.getPrototypeOf(record);
    if (proto !== Object.prototype && proto !== null) return canonical(value);
    for (const key of Object.keys(record)) if (!known.has(key)) return canonical(value);
    let out = '{';
    for (let i = 0; i < sorted.length; i++) {
      const v = record[sorted[i] as string];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      // A string is canonical()'s JSON.stringify whatever its field's encoder: called directly.
      out +=
        (prefixes[i] as string) +
        (typeof v === 'string' ? JSON.stringify(v) : (encoders[i] as (value: unknown) => string)(v));
    }
    return `${out}}`;
  };
}
