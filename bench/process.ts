/** Helpers for benchmarks that run servers as child processes: ports, readiness, and /proc accounting. */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Resolves when `check` holds, polling every `everyMs`; rejects after `ms`. */
export async function until(check: () => Promise<boolean>, ms: number, everyMs = 200): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Nanoseconds the process's main thread has been on a CPU (Linux), or null elsewhere. */
export function mainThreadCpuNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/**
 * Milliseconds of CPU the whole process (every thread) has used (Linux), or NaN elsewhere. Unlike
 * wall time it hardly depends on how many other processes share the cores.
 */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of the process in MB (Linux), or NaN elsewhere. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Builds dist/ from the sources as `npm ci` does, so a benchmark of `gba start` measures the code as it is. */
export function buildBundle(): void {
  const root = join(import.meta.dirname, '..');
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr}`);
}

/** The CPUs a process (and all its threads) may run on, as taskset lists them ("0,1"), or null where taskset is missing. */
export function cpusOf(pid: number): string | null {
  const shown = spawnSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
  return shown.status === 0 ? (shown.stdout.split(': ')[1]?.trim() ?? null) : null;
}

/** Keeps a process and every thread it has on `cpus` (a taskset list, "1" or "0-2"); false where that failed. */
export function pinTo(pid: number, cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { encoding: 'utf8' }).status === 0;
}

/**
 * The servers a benchmark measures on the last CPU, and the benchmark's own process (its load
 * generator) on the others, so the load generator never runs on the servers' core: it neither takes
 * their turns nor cools their caches between two requests. Every server alike, floors included. Null
 * (nothing pinned) on a machine of one CPU or without taskset. `release` gives this process its CPUs
 * back.
 */
export function pinServers(pids: readonly number[]): { readonly note: string; release(): void } | null {
  const own = cpusOf(process.pid);
  // "0-2,4" is CPUs 0, 1, 2 and 4.
  const cpus = (own ?? '').split(',').flatMap((part) => {
    const [from = Number.NaN, to = from] = part.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  if (own === null || cpus.length < 2 || cpus.some(Number.isNaN)) return null;
  const servers = String(cpus.at(-1));
  const generator = cpus.slice(0, -1).join(',');
  if (!pids.every((pid) => pinTo(pid, servers)) || !pinTo(process.pid, generator)) {
    for (const pid of [process.pid, ...pids]) pinTo(pid, own);
    return null;
  }
  return {
    note: `servers pinned to CPU ${servers}, the load generator to CPU ${generator} (taskset)`,
    release: () => {
      pinTo(process.pid, own);
    },
  };
}
