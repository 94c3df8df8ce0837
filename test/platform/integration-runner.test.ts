/** `npm run test:integration` skips cleanly here and says what it would run and what each suite needs. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan, SUITES } from '../integration/run.js';

const ROOT = join(import.meta.dirname, '../..');

describe('the integration runner', () => {
  it('skips every suite without the engines’ variables, naming what each needs, and exits 0', () => {
    const env = { ...process.env };
    for (const name of ['NEO4J_URI', 'KAFKA_BROKERS', 'KEYCLOAK_URL']) delete env[name];
    const result = spawnSync('npm', ['run', '--silent', 'test:integration'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('skip  '))).toHaveLength(SUITES.length);
    expect(result.stdout).toContain('skip  event transport contract on Kafka (#5): KAFKA_BROKERS is not set');
    expect(lines.at(-1)).toMatch(/^nothing to run: start the engines with `docker compose up/);
  });

  it('runs exactly the suites whose engines are configured', () => {
    const neo4jOnly = plan({ NEO4J_URI: 'neo4j://localhost:7687' });
    expect(neo4jOnly.run.map((s) => s.file)).toEqual([
      'test/graph/graph-store.neo4j.test.ts',
      'test/consent/audit-log.neo4j.test.ts',
    ]);
    expect(neo4jOnly.lines).toContain(
      'skip  end to end: ingest through Kafka, query through the gateway with Keycloak tokens: KAFKA_BROKERS, KEYCLOAK_URL are not set',
    );
    const all = plan({ NEO4J_URI: 'x', KAFKA_BROKERS: 'y', KEYCLOAK_URL: 'z' });
    expect(all.run).toEqual(SUITES);
  });

  it('names suites that each skip visibly under `npm test` when their engine is absent', () => {
    for (const suite of SUITES) {
      const text = readFileSync(join(ROOT, suite.file), 'utf8');
      expect(text, suite.file).toMatch(/it\.skip\(\s*'skipped: /);
      for (const name of suite.needs) expect(text, suite.file).toContain(name);
    }
  });
});
