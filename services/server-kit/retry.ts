/**
 * One retry helper for the platform (after kafkajs' retry): exponential backoff with jitter, a
 * `bail` for errors that will not heal, and a RetriesExceededError that keeps the last cause.
 */

export class RetriesExceededError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'RetriesExceededError';
  }
}

/** An error that says whether trying again may help; errors without the field count as retriable. */
export interface MaybeRetriable {
  readonly retriable?: boolean;
}

export interface RetryOptions {
  /** Attempts after the first. @default 5 */
  readonly retries?: number;
  /** @default 100 */
  readonly initialDelayMs?: number;
  /** @default 2 */
  readonly factor?: number;
  /** @default 3000 */
  readonly maxDelayMs?: number;
  /** What the attempts were for, for the final error message. @default 'operation' */
  readonly what?: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

class Bail {
  constructor(readonly error: unknown) {}
}

export async function retry<T>(
  fn: (bail: (error: unknown) => never, attempt: number) => Promise<T>,
  {
    retries = 5,
    initialDelayMs = 100,
    factor = 2,
    maxDelayMs = 3000,
    what = 'operation',
    sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
  }: RetryOptions = {},
): Promise<T> {
  const bail = (error: unknown): never => {
    throw new Bail(error);
  };
  let delay = initialDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(bail, attempt);
    } catch (error) {
      if (error instanceof Bail) throw error.error;
      if ((error as MaybeRetriable)?.retriable === false) throw error;
      if (attempt >= retries) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new RetriesExceededError(`${what} failed after ${attempt + 1} attempts: ${reason}`, attempt + 1, {
          cause: error,
        });
      }
      await sleep(Math.min(maxDelayMs, delay) * (0.8 + Math.random() * 0.4));
      delay *= factor;
    }
  }
}
