/**
 * The partner systems' keys: the catalogue's other half. The catalogue (./catalogue.ts) says who each
 * system is and what it may change; the keyring says how the platform knows an event comes from it.
 * Every inbound event carries a signature (./event-signature.ts) by one key of the system its
 * `source` names, checked at the door (connectors/pipeline/authenticate.ts). A system may hold
 * several keys at once (a rotation's overlap: the new one added, the old one retired later); a
 * retired key signs nothing more. Key ids are unique across the keyring, so a key names its system.
 *
 * The keyring is a JSON file, `{ "<source>": [{ "id", "secret", "retiredAt" }] }`: PARTNER_KEYS_FILE
 * in production (read only, never written), else the dev twin's `DATA_DIR/partners/keys.json`,
 * generated on first start with one key for each system of the catalogue (mode 0600), as the dev
 * identity provider generates its client secrets.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PARTNERS, partnerBySource } from './catalogue.js';

export interface PartnerKey {
  /** Shown by `gba partners`, named by each signature; letters, digits, `.`, `_`, `-`. */
  readonly id: string;
  /** The system it signs for (a catalogue `source`). */
  readonly source: string;
  /** The HMAC-SHA256 secret the system and the platform share (docs/operations.md says why HMAC). */
  readonly secret: Buffer;
  /** When it was retired (ISO 8601); null while it signs. */
  readonly retiredAt: string | null;
}

export const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** At least 256 bits: the secret is all that stands between a system and its neighbours' names. */
const MIN_SECRET_BYTES = 32;

const KeyringFile = z.record(
  z.string(),
  z.array(
    z.object({
      id: z.string().regex(KEY_ID, 'is not a key id (letters, digits, ".", "_", "-"; at most 64)'),
      secret: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, 'is not base64url')
        .refine((s) => Buffer.from(s, 'base64url').length >= MIN_SECRET_BYTES, `is under ${MIN_SECRET_BYTES} bytes`),
      retiredAt: z.iso.datetime({ offset: true, error: 'is not an ISO 8601 time' }).nullable().default(null),
    }),
  ),
);

type KeyringJson = z.output<typeof KeyringFile>;

export class PartnerKeyring {
  private readonly byKeyId: ReadonlyMap<string, PartnerKey>;
  private readonly bySource: ReadonlyMap<string, readonly PartnerKey[]>;

  /** `where`: the file it was read from, for messages. */
  constructor(
    keys: readonly PartnerKey[],
    readonly where: string,
  ) {
    this.byKeyId = new Map(keys.map((k) => [k.id, k]));
    const bySource = new Map<string, PartnerKey[]>();
    for (const k of keys) bySource.set(k.source, [...(bySource.get(k.source) ?? []), k]);
    this.bySource = bySource;
  }

  key(id: string): PartnerKey | undefined {
    return this.byKeyId.get(id);
  }

  /** The system's keys, in the keyring's order (the newest last). */
  of(source: string): readonly PartnerKey[] {
    return this.bySource.get(source) ?? [];
  }

  /** The key the system signs with now: its newest one not retired. */
  signing(source: string): PartnerKey | undefined {
    return this.of(source).findLast((k) => k.retiredAt === null);
  }

  /** The keyring as it is now: this one (a file's, read again when it changed: `watchPartnerKeys`). */
  current(): PartnerKeyring {
    return this;
  }
}

/**
 * The keyring of a file, read again whenever the file changed (its size, modification time or inode,
 * one `stat` a call): what a long-running process (`gba start`'s connectors) checks each batch with, so
 * a key retired by `gba keys partner-retire` is refused from the next batch on, with no restart (found
 * by a tester, probe 10: a retired key was still accepted until the platform restarted). A file that
 * cannot be read or parsed as it is being written keeps the last keyring read, and is tried again on
 * the next call; `onError` is told.
 */
class WatchedKeyring extends PartnerKeyring {
  private keys: PartnerKeyring;
  private stamp: string;

  constructor(
    private readonly file: string,
    first: PartnerKeyring,
    private readonly onError: (error: Error) => void,
  ) {
    super([], file);
    this.keys = first;
    this.stamp = stampOf(file);
  }

  override current(): PartnerKeyring {
    const stamp = stampOf(this.file);
    if (stamp === this.stamp) return this.keys;
    try {
      this.keys = loadPartnerKeys(this.file);
      this.stamp = stamp;
    } catch (error) {
      this.onError(error as Error);
    }
    return this.keys;
  }

  override key(id: string): PartnerKey | undefined {
    return this.current().key(id);
  }

  override of(source: string): readonly PartnerKey[] {
    return this.current().of(source);
  }
}

function stampOf(file: string): string {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : '';
}

/** `first`, read from `file`, as a keyring that reads the file again when it changes (`WatchedKeyring`). */
export const watchPartnerKeys = (
  file: string,
  first: PartnerKeyring,
  onError: (error: Error) => void = () => {},
): PartnerKeyring => new WatchedKeyring(file, first, onError);

/** The keyring of a parsed file; throws naming the source, key and problem. */
function keyringOf(json: KeyringJson, where: string): PartnerKeyring {
  const keys: PartnerKey[] = [];
  const seen = new Set<string>();
  for (const [source, list] of Object.entries(json)) {
    if (!partnerBySource.has(source)) throw new Error(`${where}: ${source} is not a partner system of the catalogue`);
    for (const k of list) {
      if (seen.has(k.id)) throw new Error(`${where}: key id ${k.id} is given twice (a key names one system)`);
      seen.add(k.id);
      keys.push({ id: k.id, source, secret: Buffer.from(k.secret, 'base64url'), retiredAt: k.retiredAt });
    }
  }
  return new PartnerKeyring(keys, where);
}

function parse(text: string, where: string): KeyringJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const parsed = KeyringFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new Error(`${where}: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** A production keyring (PARTNER_KEYS_FILE): read as it is; a system with no key is refused every event. */
export function loadPartnerKeys(file: string): PartnerKeyring {
  return keyringOf(parse(readFileSync(file, 'utf8'), file), file);
}

/** `urn:gba:hk:dpo:iamsmart` → `hk-dpo-iamsmart-1a2b3c4d`: a key id that says whose it is. */
const newKeyId = (source: string) =>
  `${source.replace(/^urn:gba:/, '').replaceAll(':', '-')}-${randomBytes(4).toString('hex')}`;

const newKey = (source: string) => ({
  id: newKeyId(source),
  secret: randomBytes(MIN_SECRET_BYTES).toString('base64url'),
  retiredAt: null,
});

/** Writes the keyring; `fresh`: only if no file is there yet (another process may make it at once). */
function write(file: string, json: KeyringJson, fresh = false): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (fresh) {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return;
  }
  // Whole or not at all: a running platform reads it again when it changes (`watchPartnerKeys`).
  const part = `${file}.${process.pid}.tmp`;
  writeFileSync(part, text, { mode: 0o600 });
  renameSync(part, file);
}

/**
 * The dev twin's keyring in `file`: created on first start with one key per partner system, and a
 * key added for a system the catalogue gained since. Never a default secret: each is random.
 */
export function loadOrCreateDevPartnerKeys(file: string): PartnerKeyring {
  const existed = existsSync(file);
  const json: KeyringJson = existed ? parse(readFileSync(file, 'utf8'), file) : {};
  // A system whose every key an operator retired stays without one (retiring its last key stops it).
  const missing = PARTNERS.filter((p) => (json[p.source] ?? []).length === 0);
  for (const p of missing) json[p.source] = [...(json[p.source] ?? []), newKey(p.source)];
  if (missing.length === 0) return keyringOf(json, file);
  try {
    write(file, json, !existed);
  } catch (error) {
    // Another process made it first: its keys are the ones.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevPartnerKeys(file);
    throw error;
  }
  return keyringOf(json, file);
}

/**
 * A rotation's two steps on a keyring file (`gba keys partner-add`, `gba keys partner-retire`): add a
 * new key to a system (its old ones still sign until retired), or retire a key at `at`.
 */
export function addPartnerKey(file: string, source: string): string {
  if (!partnerBySource.has(source)) throw new Error(`${source} is not a partner system of the catalogue`);
  const json = parse(readFileSync(file, 'utf8'), file);
  const key = newKey(source);
  json[source] = [...(json[source] ?? []), key];
  write(file, json);
  return key.id;
}

export function retirePartnerKey(file: string, id: string, at: Date): string {
  const json = parse(readFileSync(file, 'utf8'), file);
  for (const [source, list] of Object.entries(json)) {
    const key = list.find((k) => k.id === id);
    if (!key) continue;
    key.retiredAt ??= at.toISOString();
    write(file, json);
    return source;
  }
  throw new Error(`${file} holds no key ${id}`);
}
