# GBA Exchange platform image: gateway, subgraphs and connectors (one image; `gba start --only …`
# picks the part, as docker-compose.yml and deploy/k8s do).
# Build stage: production dependencies, better-sqlite3 compiled (the embedded engines stay available
# for a single-node install and for `gba backup`).
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# The web console is an npm workspace: its manifest first, its sources (and build) after.
COPY services/console/package.json ./services/console/package.json
RUN npm ci --omit=dev
COPY bin ./bin
COPY schema ./schema
COPY services ./services
COPY connectors ./connectors
COPY deploy/seed ./deploy/seed
COPY deploy/keycloak ./deploy/keycloak
# The bundle `gba` runs (dist/): no TypeScript transpiled at start. npm ci's prepare ran before the
# sources were here.
RUN npm run build
RUN npm run console:build

# Integration tests inside the compose network (`docker compose --profile test run --rm integration`):
# every dependency, the tests, and the engines reached by their service names.
FROM node:20-bookworm-slim AS test
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY services/console/package.json ./services/console/package.json
RUN npm ci
COPY . .
RUN chown -R node:node /app
USER node
CMD ["npm", "run", "test:integration"]

# Runtime: no compilers, no dev dependencies, a non-root user, data in a volume.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
# Only the gateway is public: the subgraphs (4001-4003) and the connectors' health port stay inside.
EXPOSE 4000
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.GATEWAY_PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A young generation of up to 64 MB a semi-space (V8's default 16): the connectors keep a batch's
# objects (500 events, about 21 MB allocated) alive for the whole batch, so with 16 MB most scavenges
# copied and promoted live batch data. Drain of bench:ingest: scavenges 59 -> 14, GC pauses a third,
# CPU per event -10% (median of six pairs); idle RSS unchanged (bench:start). docs/performance.md.
ENTRYPOINT ["node", "--max-semi-space-size=64", "bin/gba.js"]
CMD ["start"]
