import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites (real Neo4j, Kafka, Keycloak) run with `npm run test:integration`.
    exclude: ['test/integration/**', 'node_modules/**'],
  },
});
