/**
 * Docker cannot run here, so the deployment files are checked by parsing: docker-compose.yml, the
 * Dockerfile and the Kubernetes manifests (deploy/k8s) are wired to each other and to the code —
 * services present, every environment name one the configuration schema knows, ports, volumes,
 * probes, topics, the realm file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { COMMANDS } from '../../services/cli/main.js';
import { loadReceiptSigner } from '../../services/consent/receipts.js';
import { loadConfig, VARIABLES } from '../../services/platform/config.js';
import { PARTS } from '../../services/platform/parts.js';
import { tempDir } from '../support/temp-dir.js';

const ROOT = join(import.meta.dirname, '../..');
const KNOWN = new Set(Object.keys(VARIABLES));
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is walked as plain data.
type Y = any;

const compose: Y = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));
const services: Y = compose.services;

/** `${NAME:?message}` and `${NAME:-default}` as the shell would see them with NAME set to "x". */
const interpolate = (value: string) => value.replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, 'x');

describe('docker-compose.yml', () => {
  it('has Neo4j 5, Kafka in KRaft mode with a topic init step, Keycloak 26 and the platform', () => {
    expect(Object.keys(services).sort()).toEqual([
      'integration',
      'kafka',
      'kafka-topics',
      'keycloak',
      'neo4j',
      'platform',
    ]);
    expect(services.neo4j.image).toMatch(/^neo4j:5/);
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(Object.keys(services).some((s) => s.includes('zookeeper'))).toBe(false);
    expect(services.keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:26/);
    expect(services.keycloak.command).toEqual(['start-dev', '--import-realm']);
  });

  it('takes every secret from the environment, with no default', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's own interpolation, read as text
    expect(services.neo4j.environment.NEO4J_AUTH).toBe('neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD}');
    expect(services.keycloak.environment.KC_BOOTSTRAP_ADMIN_PASSWORD).toMatch(/^\$\{KEYCLOAK_ADMIN_PASSWORD:\?/);
    expect(services.platform.environment.NEO4J_PASSWORD).toMatch(/^\$\{NEO4J_PASSWORD:\?/);
  });

  it('creates exactly the topics of DESIGN.md, with partitions and retention from configuration', () => {
    const script: string = services['kafka-topics'].command[0];
    const listed = /for t in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/);
    expect(listed?.sort()).toEqual(Object.values(TOPICS).sort());
    expect(script).toContain('--partitions "$$TOPIC_PARTITIONS"');
    expect(script).toContain('retention.ms="$$TOPIC_RETENTION_MS"');
    expect(services['kafka-topics'].environment).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's own interpolation, read as text
      TOPIC_PARTITIONS: '${TOPIC_PARTITIONS:-6}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Compose's own interpolation, read as text
      TOPIC_RETENTION_MS: '${TOPIC_RETENTION_MS:-604800000}',
    });
    expect(services['kafka-topics'].depends_on.kafka.condition).toBe('service_healthy');
  });

  it('imports the committed realm into Keycloak, and issues tokens for the URL the platform checks', () => {
    const [from, to] = (services.keycloak.volumes[0] as string).split(':');
    expect(to).toBe('/opt/keycloak/data/import');
    expect(existsSync(join(ROOT, from as string, 'realm-gba.json'))).toBe(true);
    expect(services.keycloak.environment.KC_HOSTNAME).toBe(services.platform.environment.KEYCLOAK_URL);
    expect(services.keycloak.healthcheck.test.join(' ')).toContain('/health/ready');
  });

  it('configures the platform with names the configuration schema knows, pointing at the three engines', () => {
    const env = services.platform.environment as Record<string, string>;
    for (const name of Object.keys(env)) expect(KNOWN, name).toContain(name);
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v))])));
    expect(config.graph).toMatchObject({ engine: 'neo4j', url: 'neo4j://neo4j:7687' });
    expect(config.kafkaBrokers).toEqual(['kafka:9092']);
    expect(services.kafka.environment.KAFKA_ADVERTISED_LISTENERS).toContain('PLAINTEXT://kafka:9092');
    expect(config.keycloakUrl).toBe('http://keycloak:8080');
    expect(services.keycloak.ports).toContain('8080:8080');
    expect(services.platform.ports).toEqual([`${config.ports.gateway}:${config.ports.gateway}`]);
    expect(services.platform.depends_on).toEqual({
      neo4j: { condition: 'service_healthy' },
      'kafka-topics': { condition: 'service_completed_successfully' },
      keycloak: { condition: 'service_healthy' },
    });
    expect(services.platform.healthcheck.test.join(' ')).toContain('/readyz');
    expect(services.platform.build).toEqual({ context: '.', target: 'runtime' });
  });

  it('declares every named volume it mounts', () => {
    for (const [name, service] of Object.entries(services) as [string, Y][]) {
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0] as string;
        if (!source.startsWith('.')) expect(Object.keys(compose.volumes), `${name}: ${source}`).toContain(source);
      }
    }
  });

  it('gives the integration suite the variables its runner looks for, inside the compose network', () => {
    expect(services.integration.profiles).toEqual(['test']);
    expect(services.integration.build.target).toBe('test');
    expect(Object.keys(services.integration.environment)).toEqual(
      expect.arrayContaining(['NEO4J_URI', 'KAFKA_BROKERS', 'KEYCLOAK_URL', 'KEYCLOAK_ADMIN_PASSWORD']),
    );
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = [...text.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => m[2]);

  it('builds in stages and runs as a non-root user with a health check', () => {
    expect(stages).toEqual(['build', 'test', 'runtime']);
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(runtime).toContain('COPY --from=build');
    expect(runtime).not.toMatch(/g\+\+|npm ci(?! --omit=dev)/);
    expect(runtime).toMatch(/ENTRYPOINT \["node", "--max-semi-space-size=64", "bin\/gba\.js"\]/);
  });

  it('exposes only the gateway port', () => {
    expect([...text.matchAll(/^EXPOSE (.+)$/gm)].map((m) => m[1])).toEqual(['4000']);
  });

  it('copies what the platform reads at run time', () => {
    for (const path of ['bin', 'schema', 'services', 'connectors', 'deploy/seed', 'deploy/keycloak']) {
      expect(text).toContain(`COPY ${path} ./${path}`);
      expect(existsSync(join(ROOT, path))).toBe(true);
    }
  });
});

const K8S = join(ROOT, 'deploy/k8s');
const kustomization: Y = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8'));
const manifests: Y[] = (kustomization.resources as string[]).flatMap((file) =>
  parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => d.toJS()),
);
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((m) => m.metadata.name === name);
const configMap = named('ConfigMap', 'gba-config').data as Record<string, string>;
// What `gba keys receipts --out DIR` writes into an empty folder.
const receiptsDir = tempDir();
await loadReceiptSigner(receiptsDir.path);
const receiptFiles = readdirSync(receiptsDir.path);
receiptsDir.remove();
const secretKeys = readFileSync(join(K8S, 'secrets.env.example'), 'utf8')
  .split('\n')
  .filter((l) => /^\w+=/.test(l))
  .map((l) => l.split('=')[0] as string);

describe('deploy/k8s', () => {
  it('lists only files that exist and parse, one namespace for all', () => {
    expect(
      readdirSync(K8S)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    ).toEqual([...kustomization.resources, 'kustomization.yaml'].sort());
    expect(kustomization.namespace).toBe('gba-exchange');
    expect(named('Namespace', 'gba-exchange')).toBeDefined();
  });

  it('runs every part of the platform as a Deployment of the one image', () => {
    for (const part of PARTS) {
      const deployment = named('Deployment', part);
      expect(deployment, part).toBeDefined();
      const container = deployment.spec.template.spec.containers[0];
      expect(container.image).toBe('gba-exchange');
      expect(container.args).toEqual(['start', '--only', part]);
      expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': part });
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    }
    expect(kustomization.images.map((i: Y) => i.name)).toEqual(['gba-exchange']);
  });

  it('configures through the ConfigMap and the Secret, with names the configuration schema knows and values it accepts', () => {
    for (const name of [...Object.keys(configMap), ...secretKeys]) expect(KNOWN, name).toContain(name);
    const config = loadConfig({ ...configMap, NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'x' });
    expect(config.graph.engine).toBe('neo4j');
    expect(config.seedOnStart).toBe(false);
    expect(kustomization.secretGenerator.map((g: Y) => g.name).sort()).toEqual(['gba-receipts', 'gba-secrets']);
    // The receipts Secret holds exactly what `gba keys receipts --out deploy/k8s/receipts` writes.
    const receipts = kustomization.secretGenerator.find((g: Y) => g.name === 'gba-receipts');
    expect(receipts.files.map((f: string) => f.split('=')[1]).sort()).toEqual(
      receiptFiles.map((f) => `receipts/${f}`).sort(),
    );
    for (const d of ofKind('Deployment')) {
      const from = d.spec.template.spec.containers[0].envFrom;
      expect(from).toEqual([{ configMapRef: { name: 'gba-config' } }, { secretRef: { name: 'gba-secrets' } }]);
    }
  });

  it('probes /healthz and /readyz on the port each part listens on', () => {
    for (const part of PARTS) {
      const container = named('Deployment', part).spec.template.spec.containers[0];
      const port = Number(configMap[`${part.toUpperCase()}_PORT`]);
      expect(container.ports, part).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    }
  });

  it('lets the gateway reach each subgraph through its Service', () => {
    for (const part of ['knowledge', 'exchange', 'consent']) {
      const service = named('Service', part);
      const url = new URL(configMap[`${part.toUpperCase()}_URL`] as string);
      expect(url.hostname).toBe(service.metadata.name);
      expect(Number(url.port)).toBe(service.spec.ports[0].port);
      expect(service.spec.ports[0].targetPort).toBe('http');
      expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': part });
    }
    expect(named('Service', 'gateway').spec.ports[0].port).toBe(Number(configMap.GATEWAY_PORT));
  });

  it('lets only the gateway’s pods reach the subgraphs, and nothing reach the rest', () => {
    const policies = ofKind('NetworkPolicy');
    const deny = named('NetworkPolicy', 'default-deny-ingress');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const selecting = (part: string) =>
      policies.filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === part);
    expect(selecting('gateway').flatMap((p) => p.spec.ingress)).toEqual([{ ports: [{ port: 'http' }] }]);
    for (const part of ['knowledge', 'exchange', 'consent']) {
      expect(selecting(part).flatMap((p) => p.spec.ingress)).toEqual([
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }],
          ports: [{ port: 'http' }],
        },
      ]);
      // The gateway's pods carry the label the rule names.
      expect(named('Deployment', 'gateway').spec.template.metadata.labels['app.kubernetes.io/name']).toBe('gateway');
    }
    expect(selecting('connectors')).toEqual([]);
  });

  it('autoscales every part and keeps one of each through disruptions', () => {
    for (const part of PARTS) {
      const hpa = named('HorizontalPodAutoscaler', part);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: part });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = named('PodDisruptionBudget', part);
      expect(pdb.spec.minAvailable).toBe(1);
      expect(named('Deployment', part).spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    }
    // The connectors are one consumer group: never more consumers than the inbound topics have partitions.
    const partitions = Number(
      /TOPIC_PARTITIONS:-(\d+)/.exec(services['kafka-topics'].environment.TOPIC_PARTITIONS)?.[1],
    );
    expect(named('HorizontalPodAutoscaler', 'connectors').spec.maxReplicas).toBeLessThanOrEqual(partitions);
  });

  it('runs as non-root with a read-only root file system, and mounts only volumes it declares', () => {
    for (const workload of [...ofKind('Deployment'), ...ofKind('Job')]) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const volumes = new Set(pod.volumes.map((v: Y) => v.name));
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        for (const mount of container.volumeMounts)
          expect(volumes, `${workload.metadata.name}: ${mount.name}`).toContain(mount.name);
      }
    }
    const receipts = named('Deployment', 'consent').spec.template.spec.volumes.find((v: Y) => v.name === 'receipts');
    expect(receipts.secret.secretName).toBe('gba-receipts');
  });

  it('seeds the graph once, with a Job, not on every replica’s start', () => {
    expect(named('Job', 'gba-seed').spec.template.spec.containers[0].args).toEqual(['seed']);
    expect(configMap.SEED_ON_START).toBe('never');
  });
});

describe('docs/operations.md', () => {
  const runbook = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
  const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);

  it('uses only gba commands and subcommands that exist', () => {
    const used = [...runbook.matchAll(/(?:npx gba|bin\/gba\.js) (\w[\w-]*)(?: (\w[\w-]*))?/g)];
    expect(used.length).toBeGreaterThan(10);
    for (const [, name, sub] of used) {
      const command = COMMANDS.find((c) => c.name === name);
      expect(command, `gba ${name}`).toBeDefined();
      expect(command?.run, `gba ${name} is built`).toBeDefined();
      if (sub && ['dlq', 'audit', 'keys'].includes(name as string)) expect(command?.usage).toContain(sub);
    }
  });

  it('names npm scripts, files and compose services that exist', () => {
    for (const [, script] of runbook.matchAll(/npm (?:run )?([\w:]+)/g)) {
      if (!['ci', 'start', 'test'].includes(script as string)) expect(scripts, script).toContain(script);
    }
    for (const path of ['.env.example', 'deploy/k8s/secrets.env.example', 'deploy/k8s']) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    for (const [, service] of runbook.matchAll(/docker compose (?:exec|run --rm(?: -v "[^"]+")?) (\S+)/g)) {
      expect(Object.keys(services), service).toContain(service);
    }
    for (const [, deployment] of runbook.matchAll(/exec deploy\/(\w+)/g))
      expect(named('Deployment', deployment as string)).toBeDefined();
  });
});
