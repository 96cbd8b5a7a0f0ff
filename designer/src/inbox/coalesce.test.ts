import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

describe('coalesce', () => {
  it('folds the calls made while a run is on into one more run, and reports failures', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    let release: () => void = () => {};
    const run = coalesce(
      async () => {
        runs += 1;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
        if (runs === 2) throw new Error('second failed');
      },
      (e) => errors.push(e),
    );
    const first = run();
    const calls = [run(), run(), run()];
    release();
    await Promise.all([first, ...calls]);
    expect(runs).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['second failed']);
  });
});

describe('coalesce, as a run ends', () => {
  it('makes one more run for a call made in any step of the run’s ending, never leaving it unanswered', async () => {
    // A call made while the last run is finishing (its task settled, the run not yet over) used
    // to join a run that would not run again: the refresh it asked for was lost.
    for (let step = 0; step < 12; step++) {
      let runs = 0;
      let release: () => void = () => {};
      const run = coalesce(
        async () => {
          runs += 1;
          if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
        },
        () => {},
      );
      const first = run();
      release();
      for (let i = 0; i < step; i++) await Promise.resolve();
      const before = runs;
      await run();
      await first;
      expect({ step, ranAfterTheCall: runs > before }).toEqual({ step, ranAfterTheCall: true });
    }
  });
});

describe('coalesce, with a task that may be run again at once', () => {
  it('runs again once after a failure worth it, and reports the second in a row', async () => {
    const late = new Error('late');
    let runs = 0;
    const errors: unknown[] = [];
    const run = coalesce(
      async () => {
        runs += 1;
        if (runs <= 3) throw late;
      },
      (e) => errors.push(e),
      (e) => e === late,
    );
    await run();
    expect({ runs, errors }).toEqual({ runs: 2, errors: [late] });
    await run();
    expect({ runs, errors }).toEqual({ runs: 4, errors: [late] });
  });
});
