/**
 * `idempotencyKey` for the mutations that change or answer a record rather than create one
 * (answerQuestion, revokeConsent, withdrawAnnouncement, …): they have no new record to keep the
 * request's mark on, as sharePractice, publishAnnouncement and askOwner do (./idempotency.ts), so the
 * mark and the result are kept beside, as a `WriteRequest` in the graph store. Sent again by the same
 * caller with the same key and input, the mutation returns its first result and does nothing again
 * (no second audit record, receipt, version or event); the same key with another input, or on
 * another mutation, is refused: a key names one request of its sender, across every mutation.
 * Keys are the sender's own (another caller's same key is another request) and, like the marks on
 * created records, they do not expire. Without a key the mutation runs as it always did.
 */
import { createHash } from 'node:crypto';
import type { RequestMark } from '../../schema/domain/index.js';
import { badUserInput } from '../../schema/errors.js';
import type { GraphStore } from '../graph/graph-store.port.js';
import type { Principal } from '../identity/authenticator.port.js';
import { requestMark } from './idempotency.js';

export { KEYED_WRITE_KEY } from './idempotency.js';

export interface KeyedWrite<T> {
  readonly store: GraphStore;
  readonly mutation: string;
  /** The sender's token subject. */
  readonly by: string;
  /** The request's arguments without the key: what makes two requests the same. */
  readonly input: unknown;
  readonly key: string | null | undefined;
  /** Where the key is in the request, for errors. @default 'input.idempotencyKey' */
  readonly field?: string;
  readonly now: Date;
  /** Carries the mutation out; its result must be plain JSON data (it is kept and returned again). */
  readonly write: () => Promise<T>;
}

/**
 * Requests of one key being carried out in this process, chained: a double click waits for the first
 * request and is then answered from the ledger instead of racing it to a second write.
 */
const inFlight = new Map<string, Promise<unknown>>();

export function writeOnce<T>(request: KeyedWrite<T>): Promise<T> {
  if (request.key == null) return request.write();
  const mark = requestMark(request.input, request.key, request.field);
  const id = createHash('sha256')
    .update(JSON.stringify([request.by, request.mutation, request.key]))
    .digest('hex');
  const run = (inFlight.get(id) ?? Promise.resolve()).catch(() => undefined).then(() => carryOut(request, id, mark));
  inFlight.set(id, run);
  const forget = () => {
    if (inFlight.get(id) === run) inFlight.delete(id);
  };
  run.then(forget, forget);
  return run;
}

/**
 * The ledger's entry of a key, whatever the mutation: a key names one request of its sender, so one
 * used for one mutation is refused for another (found by a tester: grantConsent then revokeConsent,
 * withdrawAnnouncement then requestConsent, under one key, both ran). Keys sent before this entry was
 * kept are known per mutation only.
 */
const keyEntryId = (by: string, key: string): string =>
  createHash('sha256')
    .update(JSON.stringify(['key', by, key]))
    .digest('hex');

/** The refusal of a key its sender used for another mutation, naming that mutation and when. */
function usedForAnother(entry: { mutation: string; at: string } | null | undefined, mutation: string, field: string) {
  if (entry && entry.mutation !== mutation)
    throw badUserInput(
      field,
      `was used for a different request (${entry.mutation} at ${entry.at}); a key names one request: send a new key with a new request`,
    );
}

/** The key's entry, kept once its first request is done. */
const keyEntry = (by: string, key: string, mutation: string, digest: string, at: Date) => ({
  label: 'WriteRequest' as const,
  records: [{ id: keyEntryId(by, key), mutation, by, key, digest, at: at.toISOString(), result: null }],
});

/**
 * For the mutations that keep a key on the record they create (publishAnnouncement, sharePractice,
 * askOwner: ./idempotency.ts answers their repeats): refuses a key its sender used for another
 * mutation, and keeps which mutation the key named once the write is done.
 */
export async function keyOfOneMutation<T>(
  ctx: WriterContext,
  { mutation, args }: { mutation: string; args: Readonly<Record<string, unknown>> },
  write: () => Promise<T>,
): Promise<T> {
  const { input, key, field = 'input.idempotencyKey' } = splitKey(args);
  if (!ctx.principal || key == null) return write();
  const mark = requestMark(input, key, field);
  const by = ctx.principal.subject;
  const [entry] = await ctx.store.getByIds('WriteRequest', [keyEntryId(by, key)]);
  usedForAnother(entry, mutation, field);
  const result = await write();
  if (!entry) await ctx.store.write([keyEntry(by, key, mutation, mark.digest, ctx.now?.() ?? new Date())]);
  return result;
}

async function carryOut<T>(request: KeyedWrite<T>, id: string, mark: RequestMark): Promise<T> {
  const { store, mutation } = request;
  const key = mark.key as string;
  const [kept, entry] = await store.getByIds('WriteRequest', [id, keyEntryId(request.by, key)]);
  usedForAnother(entry, mutation, request.field ?? 'input.idempotencyKey');
  if (kept) {
    if (kept.digest !== mark.digest) {
      const made = resultId(kept.result);
      throw badUserInput(
        request.field ?? 'input.idempotencyKey',
        `was used for a different request (${mutation} at ${kept.at})${made ? `, which returned ${made}` : ''}; send a new key with a new request`,
      );
    }
    // The store's records are frozen and shared: the caller gets a copy of its own.
    return structuredClone(kept.result) as T;
  }
  const result = await request.write();
  await store.write([
    {
      label: 'WriteRequest',
      records: [
        {
          id,
          mutation,
          by: request.by,
          key: mark.key as string,
          digest: mark.digest,
          at: request.now.toISOString(),
          result: JSON.parse(JSON.stringify(result ?? null)),
        },
      ],
    },
    ...(entry ? [] : [keyEntry(request.by, key, mutation, mark.digest, request.now)]),
  ]);
  return result;
}

/** What a resolver's context gives a keyed write. */
export interface WriterContext {
  readonly store: GraphStore;
  readonly principal: Principal | undefined;
  readonly now?: () => Date;
}

/**
 * Carries out a resolver's write once per sender and `idempotencyKey` (taken from `args`). Call it
 * before the checks that a first request changes (a withdrawn announcement cannot be withdrawn
 * again). A caller is only ever answered from the ledger with what their own request got; an
 * anonymous one has no ledger and is left to the write's own checks.
 */
export function once<T>(
  ctx: WriterContext,
  { mutation, args }: { mutation: string; args: Readonly<Record<string, unknown>> },
  write: () => Promise<T>,
): Promise<T> {
  if (!ctx.principal) return write();
  const now = ctx.now?.() ?? new Date();
  return writeOnce({ store: ctx.store, mutation, by: ctx.principal.subject, now, write, ...splitKey(args) });
}

/**
 * A mutation's arguments split into the key and the rest: the key is `input.idempotencyKey` where the
 * mutation takes an `input`, else an `idempotencyKey` argument beside the others (`revokeConsent(id)`).
 */
export function splitKey(
  args: Readonly<Record<string, unknown>>,
): Pick<KeyedWrite<unknown>, 'input' | 'key' | 'field'> {
  const { input, idempotencyKey, ...rest } = args as { input?: unknown; idempotencyKey?: string | null };
  if (input && typeof input === 'object') {
    const { idempotencyKey: key, ...fields } = input as { idempotencyKey?: string | null };
    return { input: { ...rest, input: fields }, key, field: 'input.idempotencyKey' };
  }
  return { input: input === undefined ? rest : { ...rest, input }, key: idempotencyKey, field: 'idempotencyKey' };
}

/** The id a result names, so a refusal can say what the key's first request did. */
function resultId(result: unknown): string | undefined {
  const of = (value: unknown): string | undefined =>
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
      ? (value as { id: string }).id
      : undefined;
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, unknown>;
  return of(r) ?? of(r.consent) ?? of(r.request) ?? of(r.record);
}
