/**
 * Start-up floor for `bench:start`: the least a GraphQL server on this stack does before it is ready,
 * a graphql-yoga server with a one-field schema on node:http, answering /readyz. Plain JavaScript, so
 * nothing is transpiled. PORT sets the port.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hi' } } }),
});
const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ready');
    return;
  }
  yoga(req, res);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
