/**
 * What the door's signature check costs per event (issue 21's ingest budget), beside the alternative
 * it was chosen over, each timed alone in this process over the same signed messages: the check as it
 * runs (authenticate.ts: HMAC-SHA256 under the system's key), and an Ed25519 verify of the same bytes
 * (a key pair per deployment; the platform would hold public keys only). CPU µs per event, every thread.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { partnerBySource } from '../connectors/partners/catalogue.js';
import { signatureBase } from '../connectors/partners/event-signature.js';
import type { PartnerKeyring } from '../connectors/partners/partner-keys.js';
import { authenticate } from '../connectors/pipeline/authenticate.js';
import type { OutgoingMessage } from '../connectors/transport/event-transport.port.js';

const perEvent = (n: number, run: () => void): number => {
  const cpu0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
};

export function signatureCost(
  messages: readonly OutgoingMessage[],
  keys: PartnerKeyring,
): { hmac: number; ed25519: number } {
  const sources = messages.map((m) => partnerBySource.get(m.headers.ce_source ?? ''));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signatures = messages.map((m) => sign(null, signatureBase(m), privateKey));
  const hmacAll = () => {
    for (const [i, m] of messages.entries()) {
      const partner = sources[i];
      if (!partner || authenticate(m, partner, keys)) throw new Error('a bench event did not authenticate');
    }
  };
  const edAll = () => {
    for (const [i, m] of messages.entries())
      if (!verify(null, signatureBase(m), publicKey, signatures[i] as Buffer)) throw new Error('Ed25519 failed');
  };
  // Each once unmeasured (compiled, caches warm), then measured.
  hmacAll();
  edAll();
  return { hmac: perEvent(messages.length, hmacAll), ed25519: perEvent(messages.length, edAll) };
}

/** The bench's line: both costs per event and as a share of the pipeline's, with the load average. */
export function signatureCostLine(messages: readonly OutgoingMessage[], keys: PartnerKeyring, pipelineUs: number) {
  const { hmac, ed25519 } = signatureCost(messages, keys);
  const share = (us: number) => `+${((100 * us) / pipelineUs).toFixed(1)}%`;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `the door's signature check (HMAC-SHA256, authenticate.ts): ${hmac.toFixed(1)} µs of CPU per event, ${share(hmac)} of the pipeline's ${pipelineUs.toFixed(0)} µs; an Ed25519 verify of the same bytes: ${ed25519.toFixed(1)} µs, ${share(ed25519)} (load ${load})`;
}
