/**
 * `npm run test:integration`: the contract suites of the production adapters and the end-to-end run,
 * each enabled by the variables that point at its engine (`docker compose up` starts them all). It
 * lists what it runs and what it skips and why; with nothing to run it exits 0.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface IntegrationSuite {
  readonly name: string;
  readonly file: string;
  /** Environment variables that must all be set. */
  readonly needs: readonly string[];
}

export const SUITES: readonly IntegrationSuite[] = [
  { name: 'graph store contract on Neo4j (#3)', file: 'test/graph/graph-store.neo4j.test.ts', needs: ['NEO4J_URI'] },
  { name: 'audit log contract on Neo4j (#4)', file: 'test/consent/audit-log.neo4j.test.ts', needs: ['NEO4J_URI'] },
  {
    name: 'identity provider contract on Keycloak (#4)',
    file: 'test/identity/identity-provider.keycloak.test.ts',
    needs: ['KEYCLOAK_URL'],
  },
  {
    name: 'event transport contract on Kafka (#5)',
    file: 'test/connectors/event-transport.kafka.test.ts',
    needs: ['KAFKA_BROKERS'],
  },
  {
    name: 'end to end: ingest through Kafka, query through the gateway with Keycloak tokens',
    file: 'test/integration/end-to-end.test.ts',
    needs: ['NEO4J_URI', 'KAFKA_BROKERS', 'KEYCLOAK_URL'],
  },
];

export function plan(env: Record<string, string | undefined>): { run: IntegrationSuite[]; lines: string[] } {
  const run: IntegrationSuite[] = [];
  const lines: string[] = [];
  for (const suite of SUITES) {
    const missing = suite.needs.filter((name) => !env[name]);
    if (missing.length === 0) {
      run.push(suite);
      lines.push(`run   ${suite.name} (${suite.file})`);
    } else {
      lines.push(`skip  ${suite.name}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
    }
  }
  if (run.length === 0) {
    lines.push(
      'nothing to run: start the engines with `docker compose up -d neo4j kafka kafka-topics keycloak`, then set NEO4J_URI, NEO4J_PASSWORD, KAFKA_BROKERS, KEYCLOAK_URL and KEYCLOAK_ADMIN_PASSWORD (see docs/operations.md)',
    );
  }
  return { run, lines };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { run, lines } = plan(process.env);
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (run.length > 0) {
    const result = spawnSync('npx', ['vitest', 'run', ...run.map((s) => s.file)], { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
}
