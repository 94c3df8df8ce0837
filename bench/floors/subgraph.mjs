/**
 * Request-cost floor for `bench:gateway`: a bare graphql-yoga federation subgraph with the knowledge
 * subgraph's own SDL that answers `practices` with a recorded answer held in memory (every nested
 * field by the default resolver): no store, no authentication, no DataLoaders. Plain JavaScript.
 * PORT, SDL_FILE (the subgraph SDL) and ANSWER_FILE (the `practices` connection as JSON) set it up.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

const practices = JSON.parse(readFileSync(process.env.ANSWER_FILE, 'utf8'));
const yoga = createYoga({
  schema: buildSubgraphSchema({
    typeDefs: parse(readFileSync(process.env.SDL_FILE, 'utf8')),
    resolvers: { Query: { practices: () => practices } },
  }),
  logging: false,
});
const server = createServer(yoga);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
