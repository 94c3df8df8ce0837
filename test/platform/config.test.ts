import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../services/platform/config.js';

function errorLines(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs on the embedded engines when nothing is set', () => {
    const config = loadConfig({});
    expect(config.graph).toEqual({
      engine: 'sqlite',
      path: expect.stringMatching(/\/data\/gba\.db$/),
      cacheEntries: 10_000,
    });
    expect(config.kafkaBrokers).toBeUndefined();
    expect(config.keycloakUrl).toBeUndefined();
    expect(config.keycloakRealm).toBe('gba');
    expect(config.ports).toEqual({ gateway: 4000, knowledge: 4001, exchange: 4002, consent: 4003, idp: 8080 });
    expect(config.nodeEnv).toBe('development');
    expect(config.logLevel).toBe('info');
    expect(config.seedOnStart).toBe(true);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: '/var/lib/gba',
      GRAPH_URL: 'neo4j://neo4j.internal:7687',
      NEO4J_USERNAME: 'neo4j',
      NEO4J_PASSWORD: 's3cret',
      NEO4J_DATABASE: 'gba',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KEYCLOAK_URL: 'https://sso.example.gov.hk/',
      KEYCLOAK_REALM: 'gba-prod',
      HOST: '0.0.0.0',
      GATEWAY_PORT: '8000',
      KNOWLEDGE_PORT: '8001',
      EXCHANGE_PORT: '8002',
      CONSENT_PORT: '8003',
      IDP_PORT: '8081',
      SEED_ON_START: 'never',
      EVENT_MAX_BYTES: '131072',
      EVENT_MAX_DEPTH: '16',
      EVENT_ID_MAX_LENGTH: '128',
      EVENT_MAX_SKEW_SECONDS: '60',
      DLQ_CLAIM_LEASE_SECONDS: '120',
      KNOWLEDGE_URL: 'http://knowledge.internal:8001/graphql',
      EXCHANGE_URL: 'http://exchange.internal:8002/graphql',
      CONSENT_URL: 'http://consent.internal:8003/graphql',
      EXTRA_SUBGRAPHS: 'sz-bureau=https://gql.sz.example.cn/graphql, gz-bureau=http://gz.example.cn:4100/graphql',
      PERSISTED_OPERATIONS: '/etc/gba/persisted-operations.json',
      ASSISTANT_LLM_URL: 'https://llm.example.gov.hk/v1',
      ASSISTANT_LLM_MODEL: 'hkgai-v1',
      ASSISTANT_LLM_KEY: 'k-123',
      ACCESS_TOKEN_TTL: '20',
      PUBLIC_URL: 'https://gba.example.gov.hk/',
      KEYCLOAK_PUBLIC_URL: 'https://login.example.gov.hk',
      RESPONSE_CACHE_ENTRIES: '500',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      logLevel: 'warn',
      dataDir: '/var/lib/gba',
      graph: {
        engine: 'neo4j',
        url: 'neo4j://neo4j.internal:7687',
        username: 'neo4j',
        password: 's3cret',
        database: 'gba',
      },
      responseCacheEntries: 500,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      subgraphUrls: {
        knowledge: 'http://knowledge.internal:8001/graphql',
        exchange: 'http://exchange.internal:8002/graphql',
        consent: 'http://consent.internal:8003/graphql',
      },
      extraSubgraphs: [
        { name: 'sz-bureau', url: 'https://gql.sz.example.cn/graphql' },
        { name: 'gz-bureau', url: 'http://gz.example.cn:4100/graphql' },
      ],
      persistedOperations: '/etc/gba/persisted-operations.json',
      assistantModel: { url: 'https://llm.example.gov.hk/v1', model: 'hkgai-v1', apiKey: 'k-123' },
      keycloakUrl: 'https://sso.example.gov.hk',
      keycloakRealm: 'gba-prod',
      keycloakPublicUrl: 'https://login.example.gov.hk',
      accessTokenTtlSeconds: 20,
      publicUrl: 'https://gba.example.gov.hk',
      host: '0.0.0.0',
      ports: { gateway: 8000, knowledge: 8001, exchange: 8002, consent: 8003, idp: 8081 },
      seedOnStart: false,
      eventLimits: { maxBytes: 131072, maxDepth: 16, maxIdLength: 128, maxSkewMs: 60_000 },
      dlqLeaseMs: 120_000,
    });
  });

  it('lets a dead-letter claim hold five minutes unless DLQ_CLAIM_LEASE_SECONDS says otherwise', () => {
    expect(loadConfig({}).dlqLeaseMs).toBe(300_000);
    expect(() => loadConfig({ DLQ_CLAIM_LEASE_SECONDS: '0' })).toThrow(/DLQ_CLAIM_LEASE_SECONDS="0" is under 1 second/);
  });

  it.each([
    ['4', /ACCESS_TOKEN_TTL="4" is under 5 seconds/],
    ['90000', /ACCESS_TOKEN_TTL="90000" is over a day/],
    ['1.5', /ACCESS_TOKEN_TTL="1.5" is not a whole number/],
  ])('refuses ACCESS_TOKEN_TTL=%s, naming it', (value, message) => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL: value })).toThrow(message);
  });

  it('gives access tokens Keycloak’s five minutes unless ACCESS_TOKEN_TTL says otherwise', () => {
    expect(loadConfig({}).accessTokenTtlSeconds).toBe(300);
  });

  it('derives the default SQLite file from DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/gba-x' }).graph).toEqual({
      engine: 'sqlite',
      path: '/tmp/gba-x/gba.db',
      cacheEntries: 10_000,
    });
    expect(loadConfig({ GRAPH_CACHE_ENTRIES: '0' }).graph).toMatchObject({ cacheEntries: 0 });
    expect(() => loadConfig({ GRAPH_CACHE_ENTRIES: '-1' })).toThrow(
      /GRAPH_CACHE_ENTRIES="-1" is negative \(0 turns the cache off\)/,
    );
  });

  it('keeps 1,000 public knowledge answers by default; 0 turns the response cache off, a negative number is refused', () => {
    expect(loadConfig({}).responseCacheEntries).toBe(1000);
    expect(loadConfig({ RESPONSE_CACHE_ENTRIES: '0' }).responseCacheEntries).toBe(0);
    expect(() => loadConfig({ RESPONSE_CACHE_ENTRIES: '-1' })).toThrow(
      /RESPONSE_CACHE_ENTRIES="-1" is negative \(0 turns the cache off\)/,
    );
  });

  it('is frozen, all the way down', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k:9092' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ports)).toBe(true);
    expect(Object.isFrozen(config.kafkaBrokers)).toBe(true);
    expect(() => {
      (config.ports as { gateway: number }).gateway = 1;
    }).toThrow(TypeError);
  });

  it.each([
    [{ GATEWAY_PORT: 'abc' }, 'Configuration error: GATEWAY_PORT="abc" is not a number; for example GATEWAY_PORT=4000'],
    [
      { KNOWLEDGE_PORT: '70000' },
      'Configuration error: KNOWLEDGE_PORT="70000" is not a port number (1-65535, or 0 for any free port); for example KNOWLEDGE_PORT=4001',
    ],
    [{ IDP_PORT: '80.5' }, 'Configuration error: IDP_PORT="80.5" is not a whole number; for example IDP_PORT=8080'],
    [
      { LOG_LEVEL: 'loud' },
      'Configuration error: LOG_LEVEL="loud" is not one of fatal, error, warn, info, debug, trace, silent; for example LOG_LEVEL=debug',
    ],
    [
      { NODE_ENV: 'staging' },
      'Configuration error: NODE_ENV="staging" is not one of development, production, test; for example NODE_ENV=production',
    ],
    [
      { GRAPH_URL: 'mysql://db/gba' },
      'Configuration error: GRAPH_URL="mysql://db/gba" is neither sqlite:<path> nor a neo4j:// or bolt:// URL; for example GRAPH_URL=sqlite:./data/gba.db or neo4j://localhost:7687',
    ],
    [
      { KAFKA_BROKERS: 'kafka-1:9092,kafka-2' },
      'Configuration error: KAFKA_BROKERS="kafka-1:9092,kafka-2" has a broker that is not host:port; for example KAFKA_BROKERS=localhost:9092,kafka-2:9092',
    ],
    [
      { KEYCLOAK_URL: 'ftp://sso' },
      'Configuration error: KEYCLOAK_URL="ftp://sso" is not an http(s) URL; for example KEYCLOAK_URL=http://localhost:8080',
    ],
    [
      { KEYCLOAK_REALM: 'gba realm' },
      'Configuration error: KEYCLOAK_REALM="gba realm" is not a realm name; for example KEYCLOAK_REALM=gba',
    ],
    [
      { SEED_ON_START: 'yes' },
      'Configuration error: SEED_ON_START="yes" is not one of auto, never; for example SEED_ON_START=never',
    ],
    [
      { IDP_PORT: '4000' },
      'Configuration error: IDP_PORT="4000" is already taken by another server of the platform; for example IDP_PORT=8080',
    ],
  ])('refuses %o with one line naming the variable, the problem and an example', (env, line) => {
    expect(errorLines(env)).toEqual([line]);
  });

  it('asks for the Neo4j credentials, with no default secret, when GRAPH_URL names Neo4j', () => {
    expect(errorLines({ GRAPH_URL: 'bolt://neo4j:7687' })).toEqual([
      'Configuration error: NEO4J_USERNAME is not set but GRAPH_URL names a Neo4j server; for example NEO4J_USERNAME=neo4j',
      'Configuration error: NEO4J_PASSWORD is not set but GRAPH_URL names a Neo4j server; for example NEO4J_PASSWORD=<the password of the Neo4j user>',
    ]);
  });

  it('refuses production without a real Keycloak: the dev identity provider takes the demo password', () => {
    expect(errorLines({ NODE_ENV: 'production' })).toEqual([
      'Configuration error: KEYCLOAK_URL is not set but NODE_ENV=production: the built-in dev identity provider accepts the demo password and is for development only; for example KEYCLOAK_URL=http://localhost:8080',
    ]);
  });

  it('reports every bad variable at once, one line each', () => {
    expect(errorLines({ GATEWAY_PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ GATEWAY_PORT: '', KAFKA_BROKERS: '' }).ports.gateway).toBe(4000);
  });

  it('takes the partner-event door limits from the environment, and refuses a depth limit of 1000', () => {
    expect(loadConfig({}).eventLimits).toEqual({
      maxBytes: 262144,
      maxDepth: 32,
      maxIdLength: 256,
      maxSkewMs: 300_000,
    });
    expect(
      loadConfig({
        EVENT_MAX_BYTES: '65536',
        EVENT_MAX_DEPTH: '8',
        EVENT_ID_MAX_LENGTH: '64',
        EVENT_MAX_SKEW_SECONDS: '0',
      }).eventLimits,
    ).toEqual({ maxBytes: 65536, maxDepth: 8, maxIdLength: 64, maxSkewMs: 0 });
    expect(errorLines({ EVENT_MAX_DEPTH: '1000' })).toEqual([
      'Configuration error: EVENT_MAX_DEPTH="1000" is over 256 levels; for example EVENT_MAX_DEPTH=32',
    ]);
  });

  it('lists the variables it reads', () => {
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining([
        'GRAPH_URL',
        'KAFKA_BROKERS',
        'KEYCLOAK_URL',
        'KEYCLOAK_REALM',
        'LOG_LEVEL',
        'DATA_DIR',
        'NODE_ENV',
      ]),
    );
  });
});
