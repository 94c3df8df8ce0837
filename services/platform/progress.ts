/**
 * Start-up progress: each step of `gba start` (opening stores, seeding, each server, composing the
 * gateway) reports a line when it is done, with how long it took, so a slow first start on a loaded
 * machine shows where it is instead of going quiet after the first line.
 */
export type StepReporter = (line: string) => void;

/** Runs one step; `done` turns its result into the line reported, e.g. `loaded 154 records`. */
export type Step = <T>(done: string | ((value: T) => string), run: () => Promise<T>) => Promise<T>;

export function stepsReportedTo(report: StepReporter | undefined, now: () => number = () => performance.now()): Step {
  return async (done, run) => {
    const began = now();
    const value = await run();
    if (report) {
      const line = typeof done === 'string' ? done : done(value);
      report(`${line} (${Math.round(now() - began)} ms)`);
    }
    return value;
  };
}
