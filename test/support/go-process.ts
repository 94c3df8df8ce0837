/**
 * A test script in its own process that says `ready`, waits for a line on stdin, does its work and
 * prints its result as JSON (replay-after-go.ts, flush-after-go.ts): for tests of two processes that
 * act at once. `go()` lets it start; `result` is what it printed, or an error if it did not exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export function goProcess<T>(
  script: string,
  args: readonly string[],
): { child: ChildProcess; ready: Promise<void>; go: () => void; result: Promise<T> } {
  const path = join(import.meta.dirname, script);
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
    if (out.startsWith('ready\n')) onReady();
  });
  const result = new Promise<T>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)) as T)
        : reject(new Error(`${script} exited ${code}`)),
    ),
  );
  return { child, ready, go: () => child.stdin?.end('go\n'), result };
}
