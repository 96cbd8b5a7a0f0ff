import { describe, expect, it } from 'vitest';
import { afterAnswer, runAfterAnswer } from './afterAnswer.ts';

const nextIterations = (n: number) =>
  new Promise<void>((resolve) => {
    const hop = (left: number) => (left === 0 ? resolve() : setImmediate(() => hop(left - 1)));
    hop(n);
  });

describe('afterAnswer', () => {
  it('runs nothing before the answer, then everything in order when the answer is written', async () => {
    const done: string[] = [];
    afterAnswer(() => done.push('started line'));
    afterAnswer(() => done.push('metrics'));
    await Promise.resolve();
    expect(done).toEqual([]);
    runAfterAnswer();
    expect(done).toEqual(['started line', 'metrics']);
    // Not again: the fallback finds nothing left.
    await nextIterations(3);
    expect(done).toEqual(['started line', 'metrics']);
  });

  it('leaves no wake-up behind once the answer has run the work, and still runs work queued by that work', async () => {
    const done: string[] = [];
    afterAnswer(() => {
      done.push('ended line');
      afterAnswer(() => done.push('queued by it'));
    });
    const pending = () => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;
    const before = pending();
    runAfterAnswer();
    expect(done).toEqual(['ended line']);
    // Only the fallback of the work queued during the run is left.
    expect(pending()).toBe(before);
    runAfterAnswer();
    expect(done).toEqual(['ended line', 'queued by it']);
    expect(pending()).toBe(before - 1);
    await nextIterations(3);
    expect(done).toEqual(['ended line', 'queued by it']);
  });

  it('runs the work anyway when no transport says the answer is written (other channels, the API)', async () => {
    const done: string[] = [];
    afterAnswer(() => done.push('ended line'));
    await nextIterations(3);
    expect(done).toEqual(['ended line']);
  });

  it('runs work queued ahead of a commit scheduled in the same iteration only after that commit', async () => {
    const done: string[] = [];
    afterAnswer(() => done.push('started line'));
    // The group commit is a setImmediate queued after the line (WriteBatcher).
    setImmediate(() => done.push('commit and answer'));
    await nextIterations(3);
    expect(done).toEqual(['commit and answer', 'started line']);
  });

  it('keeps running the rest when one piece of work throws', async () => {
    const done: string[] = [];
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    afterAnswer(() => {
      throw new Error('metrics broke');
    });
    afterAnswer(() => done.push('line'));
    runAfterAnswer();
    await nextIterations(2);
    process.off('warning', onWarning);
    expect(done).toEqual(['line']);
    expect(warnings.map((w) => w.message)).toContain('metrics broke');
  });
});
