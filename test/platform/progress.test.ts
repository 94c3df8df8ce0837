/** Start-up steps reported with their durations (services/platform/progress.ts). */
import { describe, expect, it } from 'vitest';
import { stepsReportedTo } from '../../services/platform/progress.js';

describe('start-up progress', () => {
  it('reports each step once it is done, with its duration, and passes its result on', async () => {
    const lines: string[] = [];
    let clock = 1000;
    const step = stepsReportedTo(
      (line) => lines.push(line),
      () => clock,
    );
    const seeded = await step(
      (n: number) => `loaded ${n} records`,
      async () => {
        clock += 812.4;
        return 154;
      },
    );
    await step('composed the supergraph', async () => {
      clock += 40;
    });
    expect(seeded).toBe(154);
    expect(lines).toEqual(['loaded 154 records (812 ms)', 'composed the supergraph (40 ms)']);
  });

  it('reports nothing for a step that fails, and lets the failure through', async () => {
    const lines: string[] = [];
    const step = stepsReportedTo((line) => lines.push(line));
    await expect(step('never', () => Promise.reject(new Error('port in use')))).rejects.toThrow('port in use');
    expect(lines).toEqual([]);
  });
});
