/** The `gba` commands: every command of DESIGN.md, built or not yet (then naming the issue that brings it). */

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Record<string, string | undefined>;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Runs the command and resolves to its exit code. Absent while the command is not built. */
  readonly run?: (args: readonly string[], io: CommandIo) => Promise<number>;
  /** The issue that brings the command, while it is not built. */
  readonly comesWith?: { readonly issue: number; readonly title: string };
}
