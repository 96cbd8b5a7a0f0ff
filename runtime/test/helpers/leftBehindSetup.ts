import { afterAll, beforeAll } from 'vitest';
import { leftSince, SETTLE_MS, snapshot, workerState, type Snapshot } from './leftBehind.ts';

/**
 * Run before each file of the projects whose files share a worker (vitest.config.ts, `setupFiles`):
 * the file fails, naming what it left behind, when it leaves its worker different (`leftBehind.ts`).
 */
const state = workerState();
let before: Snapshot;

beforeAll(() => {
  state.intervals.clear();
  before = snapshot();
});

afterAll(async () => {
  // What a stopped server lets go of by itself (an idle kept-alive socket's timer) is given a moment.
  const deadline = Date.now() + SETTLE_MS;
  let left = leftSince(before, state.intervals);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = leftSince(before, state.intervals);
  }
  state.intervals.clear();
  if (left.length > 0) throw new Error(`this file left behind, for the next file of its worker:\n- ${left.join('\n- ')}`);
});
