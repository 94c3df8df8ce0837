/**
 * Gateway floor for `bench:gateway`: stock Hive Gateway (its runtime, every option at its default)
 * over a supergraph read from SUPERGRAPH_FILE, on node:http at PORT. Plain JavaScript.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const gateway = createGatewayRuntime({ supergraph: readFileSync(process.env.SUPERGRAPH_FILE, 'utf8'), logging: false });
const server = createServer(gateway);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
