/**
 * openPipeline's close, on the embedded engines (real SQLite files): last opened first, each once,
 * and every engine closed even when another's close throws, that error thrown after.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openPipeline } from '../../services/platform/adapters.js';
import { loadConfig } from '../../services/platform/config.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const open = () => openPipeline(loadConfig({ DATA_DIR: dir.path }), pino({ level: 'silent' }));
const closedCalls = (target: { close(): Promise<void> }, calls: string[], name: string) => {
  const close = target.close.bind(target);
  target.close = () => {
    calls.push(name);
    return close();
  };
};

describe('openPipeline close', () => {
  it('closes the transport, the audit log and the store, in that order, once however often it is called', async () => {
    const p = await open();
    const calls: string[] = [];
    closedCalls(p.store, calls, 'store');
    closedCalls(p.audit, calls, 'audit');
    closedCalls(p.transport, calls, 'transport');
    await p.close();
    await p.close();
    expect(calls).toEqual(['transport', 'audit', 'store']);
  });

  it('closes every engine when one close throws, and throws that error after', async () => {
    const p = await open();
    const audit = p.audit.close.bind(p.audit);
    p.audit.close = async () => {
      await audit();
      throw new Error('audit log would not close');
    };
    await expect(p.close()).rejects.toThrow('audit log would not close');
    await expect(p.store.getByIds('Service', ['svc-x'])).rejects.toThrow(/not open/);
  });
});
