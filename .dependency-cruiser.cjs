/**
 * Layer rules, checked in CI (`npm run depcheck`):
 * - code that uses a port never imports a concrete adapter: only the composition root
 *   (services/platform/adapters.ts) and the contract tests pick adapters;
 * - the engine client libraries stay inside their adapters, so a successor can replace them;
 * - the domain model (schema/domain) depends on nothing of the platform;
 * - services never import the connectors: they use ports the connectors implement;
 * - no cycles.
 */
const ADAPTERS =
  '^(services/graph/(sqlite|neo4j)|services/consent/audit/(sqlite|neo4j)|connectors/transport/(embedded|kafka)|services/identity/(keycloak|dev-idp))/';
const COMPOSITION_ROOT = '^services/platform/adapters\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'adapters-only-from-composition-root',
      comment: 'Depend on the port; the composition root picks the adapter.',
      severity: 'error',
      from: { path: '^(services|connectors|schema)/', pathNot: [COMPOSITION_ROOT, ADAPTERS] },
      to: { path: ADAPTERS },
    },
    {
      name: 'engine-clients-only-in-adapters',
      comment: 'neo4j-driver, kafkajs and keycloak-connect are used only inside their adapters.',
      severity: 'error',
      from: { pathNot: [ADAPTERS, '^test/'] },
      to: { path: 'node_modules/(neo4j-driver|kafkajs|keycloak-connect)/' },
    },
    {
      name: 'services-do-not-import-connectors',
      comment:
        'Services depend on ports (the outbox: services/shared/outbox.port.ts; the event desk: ' +
        'services/operations/event-desk.port.ts); the connectors implement them and the composition ' +
        'root (services/platform/) wires them in. Exceptions, each an entry point that is the ' +
        'composition root of one CLI command: `gba ingest` and `gba dlq` run the connectors in their ' +
        'own process (publish, then drain until handled), and `gba partners` prints the connectors’ ' +
        'own catalogue (authority, contracts, AsyncAPI).',
      severity: 'error',
      from: { path: '^services/', pathNot: ['^services/platform/', '^services/cli/(ingest|dlq|partners)\\.ts$'] },
      to: { path: '^connectors/' },
    },
    {
      name: 'domain-is-independent',
      comment: 'The canonical model knows nothing of servers, stores or transports.',
      severity: 'error',
      from: { path: '^schema/domain/' },
      to: { path: '^(services|connectors)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The console's build output (services/console/dist) is generated, not source.
    exclude: { path: '^services/console/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
