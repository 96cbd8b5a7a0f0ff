import { afterAll, beforeAll } from 'vitest';
import { chainsStillRunning, leftSince, SETTLE_MS, snapshot, workerState, type Snapshot } from './leftBehind.ts';

/**
 * Run before each file of the projects whose files share a worker (vitest.config.ts, `setupFiles`):
 * the file fails, naming what it left behind, when it leaves its worker different (`leftBehind.ts`).
 */
const state = workerState();
// Taken before the file is imported: what its top level or a helper it imports sets in the
// environment (the working directory, the exit code) is the file's too. The rest is compared from
// its first hook on: a library imported the first time in the worker may make its globals, timers
// and listeners then, once for every file after.
const atImport = snapshot();
let before: Snapshot;

beforeAll(() => {
  state.intervals.clear();
  state.timeouts.clear();
  state.threads.clear();
  before = { ...snapshot(), env: atImport.env, cwd: atImport.cwd, exitCode: atImport.exitCode };
});

afterAll(async () => {
  // What a stopped server lets go of by itself (an idle kept-alive socket's timer) is given a moment.
  const deadline = Date.now() + SETTLE_MS;
  let left = leftSince(before, state.intervals, state.threads, state.timeouts);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => state.setTimeout(resolve, 50));
    left = leftSince(before, state.intervals, state.threads, state.timeouts);
  }
  left.push(...(await chainsStillRunning(state)));
  state.intervals.clear();
  state.timeouts.clear();
  if (left.length > 0) throw new Error(`this file left behind, for the next file of its worker:\n- ${left.join('\n- ')}`);
});
