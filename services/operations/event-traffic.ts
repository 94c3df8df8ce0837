/**
 * Partner traffic as the connectors count it: one prom-client counter, `gba_partner_events_total`
 * (partner, event type, outcome, reason), which `/metrics` serves, and beside it a series of
 * per-minute buckets over the last day fed by the very same `record` call, for the operators'
 * "last hour" and "last day" windows. A counter alone cannot answer "in the last hour" without a
 * Prometheus server to keep its history; the buckets keep just enough of it in this process (at most
 * 1,440 minutes of a few hundred label sets) and forget the rest.
 *
 * The operators' view therefore shows what this process's connectors handled since it started (as
 * `/metrics` does): `gba start` runs the connectors beside the subgraphs, so both read one counter.
 */
import { Counter, type Registry } from 'prom-client';
import type { Disposition } from '../graph/graph-store.port.js';

export interface Handled {
  /** The partner's CloudEvents `source`; null when the message did not decode. */
  readonly source: string | null;
  /**
   * Whether the event was shown to come from its `source` (signed by a current key of that system,
   * connectors/pipeline/authenticate.ts). One that was not is counted under `unauthenticated`, type
   * `unknown`: its source and type are whatever its sender wrote.
   */
  readonly authenticated: boolean;
  readonly type: string | null;
  readonly disposition: Disposition;
  /** The rejection's reason code. */
  readonly reason: string | null;
}

export interface Tally {
  accepted: number;
  rejected: Map<string, number>;
}

export interface TrafficOptions {
  /** Where the counter is registered (the gateway's, so `/metrics` serves it). */
  readonly registry: Registry;
  /** Sources kept as label values; any other is counted as `unknown`. */
  readonly partners: readonly string[];
  /** The event types kept as labels (the catalogue's); any other counts as `other`. */
  readonly types?: readonly string[];
  /** Without `types`: distinct event types kept as labels; later ones count as `other`. @default 200 */
  readonly maxTypes?: number;
  /** @default 'gba_' */
  readonly prefix?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
type Labels = { partner: string; type: string; outcome: 'accepted' | 'rejected'; reason: string };
const SEP = '\u0000';
/**
 * The partner label of an event naming a catalogue system that did not show it came from it (unsigned,
 * signed by another system, a retired key, a bad signature): a forger naming TD does not count as TD.
 */
export const UNAUTHENTICATED = 'unauthenticated';
/** A rejection's reason code, as the pipeline writes them; anything else is not a label value. */
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

export class EventTraffic {
  readonly counter: Counter<keyof Labels>;
  private readonly minutes = new Map<number, Map<string, number>>();
  private readonly partners: ReadonlySet<string>;
  private readonly types = new Set<string>();
  private readonly catalogue: ReadonlySet<string> | null;
  private readonly maxTypes: number;
  private readonly now: () => number;

  constructor({ registry, partners, types, maxTypes = 200, prefix = 'gba_', now = Date.now }: TrafficOptions) {
    this.partners = new Set(partners);
    this.catalogue = types ? new Set(types) : null;
    this.maxTypes = maxTypes;
    this.now = now;
    this.counter = new Counter({
      name: `${prefix}partner_events_total`,
      help: 'Inbound partner events handled by the connectors, by partner, event type, outcome and rejection reason',
      labelNames: ['partner', 'type', 'outcome', 'reason'],
      registers: [registry],
    });
  }

  /** Counts one handled message, in the counter and in the current minute's bucket. */
  record(handled: Handled): void {
    const labels = this.labels(handled);
    this.counter.inc(labels);
    const minute = Math.floor(this.now() / MINUTE);
    const bucket = this.minutes.get(minute) ?? new Map<string, number>();
    const key = [labels.partner, labels.type, labels.outcome, labels.reason].join(SEP);
    bucket.set(key, (bucket.get(key) ?? 0) + 1);
    this.minutes.set(minute, bucket);
    for (const m of this.minutes.keys()) if (m <= minute - DAY_MINUTES) this.minutes.delete(m);
  }

  /** Tallies per partner and event type over the last `windowMs` (whole minutes, this one included). */
  window(windowMs: number): Map<string, Map<string, Tally>> {
    const since = Math.floor(this.now() / MINUTE) - Math.ceil(windowMs / MINUTE) + 1;
    const out = new Map<string, Map<string, Tally>>();
    for (const [minute, bucket] of this.minutes) {
      if (minute < since) continue;
      for (const [key, n] of bucket) {
        const [partner, type, outcome, reason] = key.split(SEP) as [string, string, string, string];
        const byType = out.get(partner) ?? new Map<string, Tally>();
        out.set(partner, byType);
        const tally = byType.get(type) ?? { accepted: 0, rejected: new Map() };
        byType.set(type, tally);
        if (outcome === 'accepted') tally.accepted += n;
        else tally.rejected.set(reason, (tally.rejected.get(reason) ?? 0) + n);
      }
    }
    return out;
  }

  private labels({ source, authenticated, type, disposition, reason }: Handled): Labels {
    // Every label value is one this process chose: a catalogue source or type, a reason code, or a fixed word.
    const known = source !== null && this.partners.has(source);
    const partner = !known ? 'unknown' : authenticated ? source : UNAUTHENTICATED;
    const rejected = disposition === 'rejected';
    return {
      partner,
      type: known && authenticated ? this.typeLabel(type) : 'unknown',
      outcome: rejected ? 'rejected' : 'accepted',
      reason: rejected ? (reason && REASON.test(reason) ? reason : 'UNKNOWN') : '',
    };
  }

  private typeLabel(type: string | null): string {
    if (!type || !/^[A-Za-z0-9._-]{1,120}$/.test(type)) return 'unknown';
    if (this.catalogue) return this.catalogue.has(type) ? type : 'other';
    if (!this.types.has(type)) {
      if (this.types.size >= this.maxTypes) return 'other';
      this.types.add(type);
    }
    return type;
  }
}
