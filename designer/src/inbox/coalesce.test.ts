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
