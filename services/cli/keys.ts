/**
 * `gba keys receipts [--out DIR]`: creates the ES256 key consent receipts are signed with (one key
 * for every consent replica; in Kubernetes it becomes the Secret gba-receipts).
 * `gba keys rotate-receipts [--out DIR]`: a new receipts key; the old one's public part stays, so the
 * receipts it signed still verify (services/consent/receipts.ts).
 * `gba keys rotate-idp`: gives the dev identity provider a new RS256 signing key; the old one is kept
 * beside it, renamed, and tokens it signed are refused once the provider restarts with the new key.
 * `gba keys partner-add <source>` / `gba keys partner-retire <key id>`: a partner system's key rotation
 * on the partner keyring (PARTNER_KEYS_FILE or the dev twin's): a new key beside its current ones,
 * then, once the system signs with it, the old one retired. A running platform's connectors read the
 * keyring again when it changes (partner-keys.ts `watchPartnerKeys`): no restart.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { loadReceiptSigner, rotateReceiptKey } from '../consent/receipts.js';
import { devIdpSigningKey, partnerKeyRotation } from '../platform/adapters.js';
import type { CommandIo } from './commands.js';
import { configOrExit } from './config-or-exit.js';
import { oneLine } from './terminal-safe.js';

const USAGE =
  'usage: gba keys receipts [--out DIR] | rotate-receipts [--out DIR] | rotate-idp | partner-add <source> | partner-retire <key id>';

export async function runKeys(args: readonly string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = args;
  const config = configOrExit(io);
  if (!config) return 78;
  if (what === 'receipts' || what === 'rotate-receipts') {
    if (rest.length !== 0 && (rest.length !== 2 || rest[0] !== '--out')) {
      io.err(USAGE);
      return 64;
    }
    const dir = rest[1] ?? join(config.dataDir, 'receipts');
    if (what === 'rotate-receipts') {
      const { retired, current } = await rotateReceiptKey(dir);
      io.out(`consent receipts: new signing key ${current}${retired ? ` (retired ${retired}, public part kept)` : ''}`);
      io.out('restart the consent subgraph to sign with it; receipts signed before still verify by their kid');
      return 0;
    }
    const existed = existsSync(join(dir, 'signing-key.json'));
    const signer = await loadReceiptSigner(dir);
    io.out(oneLine(`${existed ? 'kept' : 'created'} ${join(dir, 'signing-key.json')} (kid ${signer.publicJwk.kid})`));
    return 0;
  }
  if ((what === 'partner-add' || what === 'partner-retire') && rest.length === 1) {
    const rotation = partnerKeyRotation(config);
    const [named] = rest as [string];
    try {
      if (what === 'partner-add') {
        const id = rotation.add(named);
        io.out(
          oneLine(
            `${named}: new key ${id} in ${rotation.file}; its other keys still sign until retired (a running platform checks with it from its next batch on)`,
          ),
        );
      } else {
        const source = rotation.retire(named, io.now?.() ?? new Date());
        io.out(
          oneLine(
            `${source}: key ${named} retired in ${rotation.file}; events signed with it are refused KEY_RETIRED (a running platform refuses it from its next batch on); the partner resends refused events signed anew`,
          ),
        );
        const keys = (
          JSON.parse(readFileSync(rotation.file, 'utf8')) as Record<string, { retiredAt: string | null }[]>
        )[source];
        if (!keys?.some((k) => k.retiredAt === null))
          io.out(
            oneLine(
              `${source} holds no current key now: every event of it is refused until an operator adds one (gba keys partner-add ${source})`,
            ),
          );
      }
    } catch (error) {
      io.err(oneLine(`gba keys ${what}: ${(error as Error).message}`));
      return 65;
    }
    return 0;
  }
  if (what === 'rotate-idp' && rest.length === 0) {
    const dir = join(config.dataDir, 'idp');
    const file = join(dir, 'signing-key.json');
    let old: string | null = null;
    if (existsSync(file)) {
      old = (JSON.parse(readFileSync(file, 'utf8')) as { kid: string }).kid;
      renameSync(file, join(dir, `signing-key.${old}.retired.json`));
    }
    const key = await devIdpSigningKey(config.dataDir);
    io.out(`dev identity provider: new signing key ${key.kid}${old ? ` (retired ${old})` : ''}`);
    io.out('restart gba start to use it; tokens signed with the retired key are refused from then on');
    return 0;
  }
  io.err(USAGE);
  return 64;
}
