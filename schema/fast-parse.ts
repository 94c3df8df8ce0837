/**
 * zod's parse with the valid case checked first by a function compiled once from the schema's
 * definition: objects, strings (lengths, patterns, formats that are patterns), enums, literals,
 * booleans, numbers (integers, bounds), arrays, nullable, optional and default. It gives exactly the
 * value zod gives (a fresh object, its keys in the schema's order, unknown keys left out, defaults
 * filled), or, when it is not sure, nothing: zod then parses the value itself, so every refusal is
 * zod's own, naming the field and reason as before. A part it does not know (a refinement, a union, a
 * URL) is parsed by zod on its own, unless a check with zod's exact meaning was registered for it
 * (`registerFastCheck`, for the partner contracts' custom types). Made for the partner pipeline, where
 * every event's contract and every new record's model check ran through zod (about 7% of its CPU).
 * test/connectors/fast-parse.test.ts holds it to zod on every fixture and seed record and their
 * mutations.
 */
import type { z } from 'zod';

/** What a compiled check returns when it is not sure the value is valid. */
const UNSURE: unique symbol = Symbol('unsure');
type Fast = (value: unknown) => unknown;

/** Checks of custom schemas: true exactly when zod finds no issue; the value is then kept as it is. */
const registered = new WeakMap<object, (value: unknown) => boolean>();

export function registerFastCheck<S extends z.ZodType>(schema: S, valid: (value: unknown) => boolean): S {
  registered.set(schema, valid);
  return schema;
}

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  element?: z.ZodType;
  innerType?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
  defaultValue?: unknown;
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  when?: unknown;
  abort?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const usable = (p: unknown): p is RegExp => p instanceof RegExp && !p.global && !p.sticky;

/** zod parses what this module does not know, on its own: its value, or UNSURE. */
function byZod(schema: z.ZodType): Fast {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : UNSURE;
  };
}

/** The tests as one, without a loop for the usual one or two. */
function all<T>(tests: ((v: T) => boolean)[]): (v: T) => boolean {
  const [a, b] = tests;
  if (tests.length === 0) return () => true;
  if (tests.length === 1 && a) return a;
  if (tests.length === 2 && a && b) return (v) => a(v) && b(v);
  return (v) => tests.every((t) => t(v));
}

/**
 * A length check runs `when` its value is neither null nor undefined and has a length: always so for
 * the strings and arrays it is checked on here. Any other check with a condition is left to zod.
 */
const isLength = (c: CheckDef) => c.check === 'min_length' || c.check === 'max_length';

/** A string's checks as one predicate, or null when one of them is not a length or a pattern. */
function stringChecks(def: Def): ((s: string) => boolean) | null {
  const tests: ((s: string) => boolean)[] = [];
  // A format schema (z.iso.datetime()) is a check itself.
  if (def.format !== undefined) {
    if (!usable(def.pattern)) return null;
    const p = def.pattern;
    tests.push((s) => p.test(s));
  }
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.when !== undefined && !isLength(c)) return null;
    if (c.check === 'min_length' && typeof c.minimum === 'number') {
      const min = c.minimum;
      tests.push((s) => s.length >= min);
    } else if (c.check === 'max_length' && typeof c.maximum === 'number') {
      const max = c.maximum;
      tests.push((s) => s.length <= max);
    } else if (c.check === 'string_format' && usable(c.pattern)) {
      const p = c.pattern;
      tests.push((s) => p.test(s));
    } else return null;
  }
  return all(tests);
}

function numberChecks(def: Def): ((n: number) => boolean) | null {
  const tests: ((n: number) => boolean)[] = [Number.isFinite];
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.when !== undefined) return null;
    if (c.check === 'number_format' && c.format === 'safeint') tests.push(Number.isSafeInteger);
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      const { value: v, inclusive } = c;
      tests.push(inclusive ? (n) => n >= v : (n) => n > v);
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      const { value: v, inclusive } = c;
      tests.push(inclusive ? (n) => n <= v : (n) => n < v);
    } else return null;
  }
  return all(tests);
}

function lengthChecks(def: Def): ((n: number) => boolean) | null {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.when !== undefined && !isLength(c)) return null;
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else return null;
  }
  return (n) => n >= min && n <= max;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

type Presence = 'required' | 'optional' | 'defaulted';

/** How zod's object treats a field that is absent (its optin and optout); null for any other kind. */
function presenceOf(field: z.ZodType): Presence | null {
  const { optin, optout } = (field as unknown as { _zod: { optin?: string; optout?: string } })._zod;
  if (optin === undefined && optout === undefined) return 'required';
  if (optin === 'optional' && optout === 'optional') return 'optional';
  if (optin === 'defaulted' && optout === undefined) return 'defaulted';
  return null;
}

function compileObject(schema: z.ZodType, def: Def): Fast {
  if (def.catchall !== undefined || (def.checks?.length ?? 0) > 0 || !def.shape) return byZod(schema);
  if (Object.getOwnPropertySymbols(def.shape).length > 0 || Object.hasOwn(def.shape, '__proto__')) return byZod(schema);
  const fields = Object.entries(def.shape).map(([key, field]) => ({
    key,
    presence: presenceOf(field),
    check: compile(field),
  }));
  if (fields.some((f) => f.presence === null)) return byZod(schema);
  return (value) => {
    if (!isPlainObject(value)) return UNSURE;
    const out: Record<string, unknown> = {};
    for (const { key, presence, check } of fields) {
      // As zod: an absent optional field stays absent, one given as undefined stays undefined; an
      // absent required field is refused; an absent defaulted one takes its default.
      if (!(key in value)) {
        if (presence === 'optional') continue;
        if (presence === 'required') return UNSURE;
      }
      const v = check(value[key]);
      if (v === UNSURE) return UNSURE;
      out[key] = v;
    }
    return out;
  };
}

function compile(schema: z.ZodType): Fast {
  const known = registered.get(schema);
  if (known) return (value) => (known(value) ? value : UNSURE);
  const def = defOf(schema);
  if (def.coerce) return byZod(schema);
  switch (def.type) {
    case 'object':
      return compileObject(schema, def);
    case 'string': {
      const ok = stringChecks(def);
      if (!ok) return byZod(schema);
      return (value) => (typeof value === 'string' && ok(value) ? value : UNSURE);
    }
    case 'number': {
      const ok = numberChecks(def);
      if (!ok) return byZod(schema);
      return (value) => (typeof value === 'number' && ok(value) ? value : UNSURE);
    }
    case 'boolean':
      if ((def.checks?.length ?? 0) > 0) return byZod(schema);
      return (value) => (typeof value === 'boolean' ? value : UNSURE);
    case 'enum': {
      if ((def.checks?.length ?? 0) > 0 || !def.entries) return byZod(schema);
      const values = new Set(Object.values(def.entries));
      return (value) =>
        (typeof value === 'string' || typeof value === 'number') && values.has(value) ? value : UNSURE;
    }
    case 'literal': {
      if ((def.checks?.length ?? 0) > 0 || !def.values) return byZod(schema);
      const values = new Set<unknown>(def.values.filter((v) => typeof v === 'string' || typeof v === 'boolean'));
      return (value) => (values.has(value) ? value : UNSURE);
    }
    case 'array': {
      const ok = lengthChecks(def);
      if (!ok || !def.element) return byZod(schema);
      const element = compile(def.element);
      return (value) => {
        if (!Array.isArray(value) || !ok(value.length)) return UNSURE;
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = element(value[i]);
          if (v === UNSURE) return UNSURE;
          out[i] = v;
        }
        return out;
      };
    }
    case 'nullable': {
      if ((def.checks?.length ?? 0) > 0 || !def.innerType) return byZod(schema);
      const inner = compile(def.innerType);
      return (value) => (value === null ? null : inner(value));
    }
    case 'optional': {
      if ((def.checks?.length ?? 0) > 0 || !def.innerType) return byZod(schema);
      const inner = compile(def.innerType);
      return (value) => (value === undefined ? undefined : inner(value));
    }
    case 'default': {
      if ((def.checks?.length ?? 0) > 0 || !def.innerType) return byZod(schema);
      const inner = compile(def.innerType);
      // zod gives the default (a fresh copy each time, a getter) for undefined, unparsed.
      return (value) => (value === undefined ? def.defaultValue : inner(value));
    }
    default:
      return byZod(schema);
  }
}

/** The compiled check alone: the value zod would give, or null when it is not sure (for tests). */
export function fastCheck(schema: z.ZodType): (value: unknown) => { value: unknown } | null {
  const check = compile(schema);
  return (value) => {
    const v = check(value);
    return v === UNSURE ? null : { value: v };
  };
}

/** `schema.safeParse`, the valid case first through the compiled check (see the module's comment). */
export function fastParser<T>(schema: z.ZodType<T>): (value: unknown) => z.ZodSafeParseResult<T> {
  let check: Fast | null = null;
  return (value) => {
    // Compiled on first use, so the contracts' custom checks are registered by then.
    check ??= compile(schema);
    const fast = check(value);
    return fast === UNSURE ? schema.safeParse(value) : { success: true, data: fast as T };
  };
}
