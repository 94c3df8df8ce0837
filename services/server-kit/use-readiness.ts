/**
 * `/readyz`: runs every named check (the graph store, each subgraph, …) with a time limit and answers
 * 200 when all pass, or 503 with the failing parts named, so an orchestrator and a person both see
 * what is wrong.
 */
import type { Plugin } from 'graphql-yoga';

export type ReadinessCheck = () => Promise<void>;

export interface ReadinessOptions {
  /** Named checks; a check is failing when it throws or does not settle in time. */
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  /** @default '/readyz' */
  readonly endpoint?: string;
  /** Per-check time limit. @default 2000 */
  readonly timeoutMs?: number;
}

export async function runChecks(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; error?: string }> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

/** The `/readyz` answer: 200 with every check, or 503 naming the failing ones. */
export async function readiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs = 2000,
): Promise<{ status: number; body: string }> {
  const result = await runChecks(checks, timeoutMs);
  const failing = Object.entries(result.checks)
    .filter(([, r]) => !r.ok)
    .map(([name, r]) => `${name}: ${r.error}`);
  const body = result.ready
    ? { status: 'ready', checks: result.checks }
    : { status: 'not ready', failing, checks: result.checks };
  return { status: result.ready ? 200 : 503, body: JSON.stringify(body) };
}

export const READINESS_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function useReadiness({ checks, endpoint = '/readyz', timeoutMs = 2000 }: ReadinessOptions): Plugin {
  return {
    // Not async: an async hook made every request wait a turn of promises here, GraphQL ones included.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method !== 'GET') return;
      return readiness(checks, timeoutMs).then(({ status, body }) =>
        endResponse(new fetchAPI.Response(body, { status, headers: READINESS_HEADERS })),
      );
    },
  };
}
