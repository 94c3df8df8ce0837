import type { Command } from './commands.js';

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const lines = commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'gba: the GBA Exchange platform command line',
    '',
    'Usage: gba <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Configuration comes from the environment (GRAPH_URL, KAFKA_BROKERS, KEYCLOAK_URL, GATEWAY_PORT, …);',
    'see README.md. With none set, everything runs on the embedded engines in ./data.',
  ].join('\n');
}
