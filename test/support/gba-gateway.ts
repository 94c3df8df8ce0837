import { afterAll, beforeAll, expect } from 'vitest';
import { type GatewayFixture, gatewayOver } from './gateway-fixture.js';
import { CLI_NOW, gbaIn } from './gba-cli.js';
import { tempDir } from './temp-dir.js';

/**
 * A store `gba seed` filled in a temporary DATA_DIR, the `gba` commands on it (at `now`) and the gateway
 * over the same SQLite store and audit log, started in beforeAll and closed (the folder removed) in afterAll.
 */
export function seededGateway(now: Date = CLI_NOW) {
  const dir = tempDir();
  const gba = gbaIn(dir.path, now);
  let fx: GatewayFixture | undefined;
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    fx = await gatewayOver(dir.path, () => now);
  });
  afterAll(async () => {
    await fx?.close();
    dir.remove();
  });
  const fixture = (): GatewayFixture => {
    if (!fx) throw new Error('the gateway starts in beforeAll');
    return fx;
  };
  return { dir, gba, fixture };
}
