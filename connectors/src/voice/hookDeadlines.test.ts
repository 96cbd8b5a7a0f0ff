import { describe, expect, it } from 'vitest';
import { HookDeadlines } from './hookDeadlines.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('HookDeadlines', () => {
  it('calls a hook late at its own deadline, whichever hooks were answered before or after it', async () => {
    const deadlines = new HookDeadlines(40);
    const late: string[] = [];
    const first = deadlines.wait(() => late.push('first'));
    await sleep(15);
    const second = deadlines.wait(() => late.push('second'));
    const third = deadlines.wait(() => late.push('third'));
    deadlines.answered(first);
    deadlines.answered(third);
    await sleep(35); // the first's deadline has passed (answered), not the second's
    expect(late).toEqual([]);
    await sleep(40);
    expect(late).toEqual(['second']);
    deadlines.answered(second);
    expect(deadlines.held).toBe(0);
  });

  it('keeps nothing of hooks answered in time once no older one waits', () => {
    const deadlines = new HookDeadlines(10_000);
    for (let i = 0; i < 5_000; i += 1) deadlines.answered(deadlines.wait(() => undefined));
    expect(deadlines.held).toBe(0);
    const open = Array.from({ length: 3 }, () => deadlines.wait(() => undefined));
    for (let i = 0; i < 5_000; i += 1) deadlines.answered(deadlines.wait(() => undefined));
    expect(deadlines.held).toBe(5_003);
    for (const pending of open) deadlines.answered(pending);
    expect(deadlines.held).toBe(0);
  });
});
