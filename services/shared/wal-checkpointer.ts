/**
 * Moves SQLite's WAL checkpoints off the request path. With `wal_autocheckpoint` on, the commit that
 * crosses the threshold copies the whole WAL back into the database (and syncs it) while a request
 * waits; here a worker thread with its own connection runs PASSIVE checkpoints on a timer instead,
 * which never block writers, and the connection's own threshold is raised to a bound it reaches only
 * under writes without pause. If the worker cannot run, the usual threshold comes back.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Plain CommonJS, so the worker needs no TypeScript loader. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'close') { clearInterval(timer); db.close(); process.exit(0); } });
`;

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints. @default 1000 */
  readonly intervalMs?: number;
  /**
   * WAL length (pages) at which the writing connection checkpoints by itself after all. Under writes
   * without pause a passive checkpoint never finds the log fully copied, and only the writer can then
   * start the log over; by that time the worker has copied nearly every page. @default 16384 (64 MiB)
   */
  readonly bound?: number;
  /** Told when the worker fails and automatic checkpoints are back on. */
  readonly onFallback?: (reason: string) => void;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private fallenBack = false;
  private closing = false;
  private exited = false;

  constructor(db: Database.Database, { intervalMs = 1000, bound = 16384, onFallback }: WalCheckpointerOptions = {}) {
    db.pragma(`wal_autocheckpoint = ${bound}`);
    this.worker = new Worker(WORKER, { eval: true, workerData: { path: db.name, intervalMs } });
    this.worker.unref();
    const fallBack = (reason: string) => {
      if (this.fallenBack || this.closing) return;
      this.fallenBack = true;
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
      onFallback?.(reason);
    };
    this.worker.on('error', (error) => fallBack(String(error)));
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) fallBack(m.error);
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0) fallBack(`the checkpoint worker exited with code ${code}`);
    });
  }

  /** True once the worker failed and the connection checkpoints by itself again. */
  get inFallback(): boolean {
    return this.fallenBack;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.exited) return;
    // Keep the event loop alive until the worker is gone (it is unref'd while it runs).
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 2000).unref())]);
    await this.worker.terminate();
  }
}
