/** The bundle's entry under `root`, or null when there is none or a source is newer than it. */
export function currentBundle(root: string): string | null;
