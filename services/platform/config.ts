/**
 * The platform's configuration: one zod schema over the environment, parsed once at start into a
 * frozen, typed object. A bad value stops the start with one line per variable naming it, the
 * problem and an example of a good value. There are no default secrets.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const wholeNumber = z.coerce.number({ error: 'is not a number' }).int('is not a whole number');

const port = wholeNumber
  .min(0, 'is not a port number (1-65535, or 0 for any free port)')
  .max(65535, 'is not a port number (1-65535, or 0 for any free port)');

const graphUrl = z.string().regex(/^(sqlite:.+|(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/[^/\s]+.*)$/, {
  message: 'is neither sqlite:<path> nor a neo4j:// or bolt:// URL',
});

const brokers = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[\w.-]+:\d{1,5}$/, 'has a broker that is not host:port')).min(1, 'lists no broker'));

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `is not one of ${values.join(', ')}` });
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

/** `https://a.example,https://b.example`: origins, each scheme, host and port only. */
const origins = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'has an entry that is not an origin (scheme://host[:port])'))
      .min(1, 'lists no origin'),
  );

const OWN_SUBGRAPHS = ['knowledge', 'exchange', 'consent'];

/** `name=url,name=url`: partner subgraphs the gateway composes beside the platform's own. */
const subgraphList = z.string().transform((s, ctx) => {
  const out: { name: string; url: string }[] = [];
  for (const item of s
    .split(',')
    .map((i) => i.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*)=(https?:\/\/\S+)$/.exec(item);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not name=http(s)://url` });
      return z.NEVER;
    }
    const [, name, url] = m as unknown as [string, string, string];
    if (OWN_SUBGRAPHS.includes(name) || out.some((o) => o.name === name)) {
      ctx.addIssue({ code: 'custom', message: `the subgraph name "${name}" is taken` });
      return z.NEVER;
    }
    out.push({ name, url });
  }
  return out;
});

/** Each variable with its schema and an example of a good value (shown in the error line). */
export const VARIABLES = {
  NODE_ENV: { schema: oneOf(['development', 'production', 'test']).default('development'), example: 'production' },
  LOG_LEVEL: {
    schema: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    example: 'debug',
  },
  DATA_DIR: { schema: z.string().min(1, 'is empty').default('./data'), example: './data' },
  GRAPH_URL: { schema: graphUrl.optional(), example: 'sqlite:./data/gba.db or neo4j://localhost:7687' },
  GRAPH_CACHE_ENTRIES: {
    schema: wholeNumber.min(0, 'is negative (0 turns the cache off)').default(10_000),
    example: '10000',
  },
  RESPONSE_CACHE_ENTRIES: {
    schema: wholeNumber.min(0, 'is negative (0 turns the cache off)').default(1000),
    example: '1000',
  },
  NEO4J_USERNAME: { schema: z.string().min(1, 'is empty').optional(), example: 'neo4j' },
  NEO4J_PASSWORD: { schema: z.string().min(1, 'is empty').optional(), example: '<the password of the Neo4j user>' },
  NEO4J_DATABASE: { schema: z.string().min(1, 'is empty').default('neo4j'), example: 'neo4j' },
  KAFKA_BROKERS: { schema: brokers.optional(), example: 'localhost:9092,kafka-2:9092' },
  KNOWLEDGE_URL: { schema: httpUrl.optional(), example: 'http://knowledge:4001/graphql' },
  EXCHANGE_URL: { schema: httpUrl.optional(), example: 'http://exchange:4002/graphql' },
  CONSENT_URL: { schema: httpUrl.optional(), example: 'http://consent:4003/graphql' },
  PERSISTED_OPERATIONS: {
    schema: z.string().min(1, 'is empty').optional(),
    example: '/etc/gba/persisted-operations.json',
  },
  ASSISTANT_LLM_URL: { schema: httpUrl.optional(), example: 'https://api.deepseek.com/v1' },
  ASSISTANT_LLM_MODEL: { schema: z.string().min(1, 'is empty').optional(), example: 'deepseek-chat' },
  ASSISTANT_LLM_KEY: { schema: z.string().min(1, 'is empty').optional(), example: '<the API key of the endpoint>' },
  EXTRA_SUBGRAPHS: {
    schema: subgraphList.default([]),
    example: 'sz-bureau=http://sz-bureau.example:4100/graphql',
  },
  KEYCLOAK_URL: { schema: httpUrl.optional(), example: 'http://localhost:8080' },
  KEYCLOAK_REALM: {
    schema: z
      .string()
      .regex(/^[\w-]+$/, 'is not a realm name')
      .default('gba'),
    example: 'gba',
  },
  HOST: { schema: z.string().min(1, 'is empty').default('127.0.0.1'), example: '0.0.0.0' },
  GATEWAY_PORT: { schema: port.default(4000), example: '4000' },
  KNOWLEDGE_PORT: { schema: port.default(4001), example: '4001' },
  EXCHANGE_PORT: { schema: port.default(4002), example: '4002' },
  CONSENT_PORT: { schema: port.default(4003), example: '4003' },
  IDP_PORT: { schema: port.default(8080), example: '8080' },
  /** The dev identity provider's access-token lifetime in seconds (a real Keycloak's is its realm setting). */
  ACCESS_TOKEN_TTL: {
    schema: wholeNumber.min(5, 'is under 5 seconds').max(86_400, 'is over a day').default(300),
    example: '300',
  },
  /** Browser origins allowed to call the gateway from elsewhere; unset, any in development, none in production. */
  CORS_ORIGINS: { schema: origins.optional(), example: 'https://console.example.gov.hk' },
  /** The gateway's origin as browsers reach it: the console's redirect URIs and web origin. */
  PUBLIC_URL: { schema: httpUrl.optional(), example: 'https://gba.example.gov.hk' },
  /** The identity provider as browsers reach it, when not at KEYCLOAK_URL (e.g. a container name). */
  KEYCLOAK_PUBLIC_URL: { schema: httpUrl.optional(), example: 'https://sso.example.gov.hk' },
  /** Set, a process running the connectors answers /healthz and /readyz on it (for probes). */
  CONNECTORS_PORT: { schema: port.optional(), example: '4004' },
  /** The partner-event door (connectors/pipeline/door.ts): limits met before anything parses a message. */
  EVENT_MAX_BYTES: { schema: wholeNumber.min(1024, 'is under 1024 bytes').default(256 * 1024), example: '262144' },
  EVENT_MAX_DEPTH: {
    schema: wholeNumber.min(4, 'is under 4 levels').max(256, 'is over 256 levels').default(32),
    example: '32',
  },
  EVENT_ID_MAX_LENGTH: { schema: wholeNumber.min(16, 'is under 16 characters').default(256), example: '256' },
  EVENT_MAX_SKEW_SECONDS: { schema: wholeNumber.min(0, 'is negative').default(300), example: '300' },
  /** The partner systems' keys (connectors/partners/partner-keys.ts); unset, the dev twin's, generated into DATA_DIR/partners/keys.json. */
  PARTNER_KEYS_FILE: { schema: z.string().min(1, 'is empty').optional(), example: '/etc/gba/partner-keys.json' },
  /** How long a dead-letter replayer's claim holds before another replay may take its letters over. */
  DLQ_CLAIM_LEASE_SECONDS: { schema: wholeNumber.min(1, 'is under 1 second').default(300), example: '300' },
  /** What the platform's subgraphs ask of the gateway; unset, generated into DATA_DIR/gateway-secret. */
  GATEWAY_SECRET: {
    schema: z.string().min(32, 'is under 32 characters').optional(),
    example: 'the output of openssl rand -hex 32',
  },
  SEED_ON_START: {
    schema: oneOf(['auto', 'never']).default('auto'),
    example: 'never',
  },
} as const;

type Variables = typeof VARIABLES;
type Raw = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

const EnvSchema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([k, v]) => [k, v.schema])) as {
    [K in keyof Variables]: Variables[K]['schema'];
  },
);

export interface Config {
  readonly nodeEnv: Raw['NODE_ENV'];
  readonly logLevel: Raw['LOG_LEVEL'];
  readonly dataDir: string;
  readonly graph:
    | {
        readonly engine: 'sqlite';
        readonly path: string;
        /** Records, pages and relationships the embedded store keeps in memory (GRAPH_CACHE_ENTRIES); 0: none. */
        readonly cacheEntries: number;
      }
    | {
        readonly engine: 'neo4j';
        readonly url: string;
        readonly username: string;
        readonly password: string;
        readonly database: string;
      };
  /** Public knowledge responses the knowledge subgraph keeps (RESPONSE_CACHE_ENTRIES); 0: none. */
  readonly responseCacheEntries: number;
  /** Absent: the embedded event log in `dataDir`. */
  readonly kafkaBrokers: readonly string[] | undefined;
  /** Where the gateway finds a subgraph this process does not run (`gba start --only gateway`). */
  readonly subgraphUrls: Readonly<Record<'knowledge' | 'exchange' | 'consent', string | undefined>>;
  /** Allow-list mode: the file of operations the gateway runs (hash → document); unset, any runs. */
  readonly persistedOperations: string | undefined;
  /** The secret only the gateway sends its subgraphs; unset, one generated into `dataDir`. */
  readonly gatewaySecret: string | undefined;
  /** The assistant's language model: an OpenAI-compatible endpoint, or none (retrieval answers). */
  readonly assistantModel: { readonly url: string; readonly model: string; readonly apiKey?: string } | undefined;
  /** Partner subgraphs composed beside the platform's own. */
  readonly extraSubgraphs: readonly { readonly name: string; readonly url: string }[];
  /** Absent: the dev identity provider started on `ports.idp`. */
  readonly keycloakUrl: string | undefined;
  readonly keycloakRealm: string;
  /** Where browsers reach Keycloak; unset: KEYCLOAK_URL, or the dev identity provider's own URL. */
  readonly keycloakPublicUrl: string | undefined;
  /** The dev identity provider's access-token lifetime (ACCESS_TOKEN_TTL). */
  readonly accessTokenTtlSeconds: number;
  /** The gateway's origin as browsers reach it; unset: the address it listens on. */
  readonly publicUrl: string | undefined;
  /** Cross-origin callers the gateway answers (CORS_ORIGINS) besides, in development, the platform's own origins. */
  readonly corsOrigins: readonly string[] | undefined;
  readonly host: string;
  readonly ports: {
    readonly gateway: number;
    readonly knowledge: number;
    readonly exchange: number;
    readonly consent: number;
    readonly idp: number;
    /** The connectors' health port; none when unset. */
    readonly connectors: number | undefined;
  };
  readonly seedOnStart: boolean;
  /** What the partner-event door lets in (EVENT_MAX_BYTES, EVENT_MAX_DEPTH, EVENT_ID_MAX_LENGTH, EVENT_MAX_SKEW_SECONDS). */
  readonly eventLimits: {
    readonly maxBytes: number;
    readonly maxDepth: number;
    readonly maxIdLength: number;
    readonly maxSkewMs: number;
  };
  /** How long a dead-letter replayer's claim holds (DLQ_CLAIM_LEASE_SECONDS), in milliseconds. */
  readonly dlqLeaseMs: number;
  /** The partner keyring file (PARTNER_KEYS_FILE); unset, the dev twin's in `dataDir`, generated on first start. */
  readonly partnerKeysFile: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

function describe(name: string, value: string | undefined, problem: string): string {
  const example = (VARIABLES as Record<string, { example: string }>)[name]?.example;
  const shown = value === undefined ? 'is not set' : `=${JSON.stringify(value)}`;
  return `Configuration error: ${name}${shown === 'is not set' ? ' is not set' : shown} ${problem}; for example ${name}=${example}`;
}

/** Parses the environment. Throws a ConfigError whose lines each name one bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(Object.keys(VARIABLES).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return describe(name, relevant[name], issue.message);
    });
    throw new ConfigError([...new Set(lines)]);
  }
  const raw = parsed.data as Raw;
  const dataDir = resolve(raw.DATA_DIR);
  const graphUrlValue = raw.GRAPH_URL ?? `sqlite:${dataDir}/gba.db`;
  let graph: Config['graph'];
  if (graphUrlValue.startsWith('sqlite:')) {
    const path = graphUrlValue.slice('sqlite:'.length);
    graph = {
      engine: 'sqlite',
      path: path === ':memory:' ? path : resolve(path),
      cacheEntries: raw.GRAPH_CACHE_ENTRIES,
    };
  } else {
    const missing = (['NEO4J_USERNAME', 'NEO4J_PASSWORD'] as const).filter((k) => raw[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(missing.map((k) => describe(k, undefined, 'but GRAPH_URL names a Neo4j server')));
    }
    graph = {
      engine: 'neo4j',
      url: graphUrlValue,
      username: raw.NEO4J_USERNAME as string,
      password: raw.NEO4J_PASSWORD as string,
      database: raw.NEO4J_DATABASE,
    };
  }
  if (raw.NODE_ENV === 'production' && raw.KEYCLOAK_URL === undefined) {
    throw new ConfigError([
      describe(
        'KEYCLOAK_URL',
        undefined,
        'but NODE_ENV=production: the built-in dev identity provider accepts the demo password and is for development only',
      ),
    ]);
  }
  const ports = {
    gateway: raw.GATEWAY_PORT,
    knowledge: raw.KNOWLEDGE_PORT,
    exchange: raw.EXCHANGE_PORT,
    consent: raw.CONSENT_PORT,
    idp: raw.IDP_PORT,
    connectors: raw.CONNECTORS_PORT,
  };
  const clash = Object.entries(ports).find(
    ([, n], i, all) => n !== undefined && n !== 0 && all.findIndex(([, m]) => m === n) !== i,
  );
  if (clash) {
    const name = `${clash[0].toUpperCase()}_PORT`;
    throw new ConfigError([describe(name, String(clash[1]), 'is already taken by another server of the platform')]);
  }
  return deepFreeze({
    nodeEnv: raw.NODE_ENV,
    logLevel: raw.LOG_LEVEL,
    dataDir,
    graph,
    responseCacheEntries: raw.RESPONSE_CACHE_ENTRIES,
    kafkaBrokers: raw.KAFKA_BROKERS,
    extraSubgraphs: raw.EXTRA_SUBGRAPHS,
    assistantModel: raw.ASSISTANT_LLM_URL
      ? {
          url: raw.ASSISTANT_LLM_URL,
          model: raw.ASSISTANT_LLM_MODEL ?? 'deepseek-chat',
          ...(raw.ASSISTANT_LLM_KEY ? { apiKey: raw.ASSISTANT_LLM_KEY } : {}),
        }
      : undefined,
    persistedOperations: raw.PERSISTED_OPERATIONS,
    gatewaySecret: raw.GATEWAY_SECRET,
    subgraphUrls: { knowledge: raw.KNOWLEDGE_URL, exchange: raw.EXCHANGE_URL, consent: raw.CONSENT_URL },
    keycloakUrl: raw.KEYCLOAK_URL,
    keycloakRealm: raw.KEYCLOAK_REALM,
    keycloakPublicUrl: raw.KEYCLOAK_PUBLIC_URL,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL,
    publicUrl: raw.PUBLIC_URL,
    corsOrigins: raw.CORS_ORIGINS,
    host: raw.HOST,
    ports,
    seedOnStart: raw.SEED_ON_START === 'auto',
    partnerKeysFile: raw.PARTNER_KEYS_FILE === undefined ? undefined : resolve(raw.PARTNER_KEYS_FILE),
    eventLimits: {
      maxBytes: raw.EVENT_MAX_BYTES,
      maxDepth: raw.EVENT_MAX_DEPTH,
      maxIdLength: raw.EVENT_ID_MAX_LENGTH,
      maxSkewMs: raw.EVENT_MAX_SKEW_SECONDS * 1000,
    },
    dlqLeaseMs: raw.DLQ_CLAIM_LEASE_SECONDS * 1000,
  });
}

/** The names of every variable the platform reads, for documentation and deployment checks. */
export const CONFIG_VARIABLES = Object.keys(VARIABLES) as readonly (keyof Variables)[];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
