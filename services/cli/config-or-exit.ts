import { type Config, ConfigError, loadConfig } from '../platform/config.js';
import type { CommandIo } from './commands.js';

/** The parsed configuration, or undefined after printing one line per bad variable. */
export function configOrExit(io: CommandIo): Config | undefined {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) io.err(line);
    return undefined;
  }
}
