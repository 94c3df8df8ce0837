/** The `gba` commands: every command of DESIGN.md. */

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
  /** The connectors' clock for `ingest` and `dlq replay` (when the data crosses). @default the wall clock */
  readonly now?: () => Date;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** More lines `gba <command> --help` prints: actions, exit statuses. */
  readonly details?: readonly string[];
  /** Runs the command and resolves to its exit code. */
  readonly run: (args: readonly string[], io: CommandIo) => Promise<number>;
}
