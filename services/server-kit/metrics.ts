/**
 * Prometheus metrics (prom-client), one registry per server so tests and several servers in one
 * process never share counters. Operation names come from callers, so the label set is capped.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface OperationRecord {
  readonly operationName: string | undefined;
  readonly durationMs: number;
  readonly errorCodes: readonly string[];
  readonly status: number;
  readonly requestId: string;
  /** The caller's own id beside the platform's, when it gave a plain one (request-id.ts). */
  readonly clientRequestId?: string | null;
}

export interface MetricsOptions {
  /** Prefix of every metric name. @default 'gba_' */
  readonly prefix?: string;
  /** Distinct operation names kept as labels; later ones count as `other`. @default 200 */
  readonly maxOperationNames?: number;
  /** Also export process metrics (CPU, memory, event loop). @default true */
  readonly processMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation'>;
  private readonly durations: Histogram<'operation'>;
  private readonly errors: Counter<'code'>;
  private readonly names = new Set<string>();
  private readonly maxNames: number;

  constructor({ prefix = 'gba_', maxOperationNames = 200, processMetrics = true }: MetricsOptions = {}) {
    this.maxNames = maxOperationNames;
    const registers = [this.registry];
    this.requests = new Counter({
      name: `${prefix}graphql_requests_total`,
      help: 'GraphQL requests by operation name',
      labelNames: ['operation'],
      registers,
    });
    this.durations = new Histogram({
      name: `${prefix}graphql_request_duration_seconds`,
      help: 'GraphQL request duration by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.errors = new Counter({
      name: `${prefix}graphql_errors_total`,
      help: 'GraphQL errors by extensions.code',
      labelNames: ['code'],
      registers,
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix });
  }

  observe(record: OperationRecord): void {
    const operation = this.label(record.operationName);
    this.requests.inc({ operation });
    this.durations.observe({ operation }, record.durationMs / 1000);
    for (const code of record.errorCodes) this.errors.inc({ code });
  }

  private label(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= this.maxNames || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return 'other';
    this.names.add(name);
    return name;
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
