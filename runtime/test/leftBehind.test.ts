import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { chainsStillRunning, leftSince, snapshot, workerState } from './helpers/leftBehind.ts';

// The files that share a worker (vitest.config.ts, project `units`) fail when they leave any of
// these behind for the next file (test/helpers/leftBehindSetup.ts). This file runs isolated.
describe('what a test file leaves behind for the next file of its worker', () => {
  const state = workerState();

  it('names a server still listening, and nothing once it is closed', async () => {
    const before = snapshot();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(leftSince(before, new Map())).toEqual(['1 × TCPServerWrap still active']);
    await new Promise((resolve) => server.close(resolve));
    // Its handle goes a moment after the close event (what the setup file waits for, at most SETTLE_MS).
    await expect.poll(() => leftSince(before, new Map())).toEqual([]);
  });

  it('names a repeating timer never cleared, even one that keeps no process alive, and where it was made', () => {
    state.intervals.clear();
    const before = snapshot();
    const timer = setInterval(() => undefined, 60_000).unref();
    const left = leftSince(before, state.intervals);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^a repeating timer never cleared, created\n.*leftBehind\.test\.ts/);
    clearInterval(timer);
    expect(leftSince(before, state.intervals)).toEqual([]);
    state.intervals.clear();
  });

  it('names a timer still pending that keeps the process alive, and where it was made', () => {
    state.timeouts.clear();
    const before = snapshot();
    const timer = setTimeout(() => undefined, 60_000);
    const left = leftSince(before, new Map(), new Map(), state.timeouts);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^1 × Timeout still active, made\n.*leftBehind\.test\.ts/);
    clearTimeout(timer);
    expect(leftSince(before, new Map(), new Map(), state.timeouts)).toEqual([]);
    state.timeouts.clear();
  });

  it('names a poll written as a chain of unref’d setTimeouts (in no list of active handles), and where it is made', async () => {
    state.timeouts.clear();
    let polling = true;
    const poll = () => {
      if (polling) setTimeout(poll, 30).unref();
    };
    poll();
    try {
      const left = await chainsStillRunning(state, 500);
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(/^a timer that sets itself again \(a chain of setTimeout\), made\n.*leftBehind\.test\.ts/);
    } finally {
      polling = false;
    }
    await new Promise((resolve) => state.setTimeout(resolve, 60));
    expect(await chainsStillRunning(state, 500)).toEqual([]);
    state.timeouts.clear();
  });

  it('does not take two one-shot timers made from one place before the file ended for a chain', async () => {
    state.timeouts.clear();
    // As a server's close racing its work against an unref'd time-out, twice (two servers in the file).
    const giveUp = () => new Promise((resolve) => setTimeout(resolve, 40).unref());
    void giveUp();
    await new Promise((resolve) => state.setTimeout(resolve, 10));
    void giveUp();
    expect(await chainsStillRunning(state, 500)).toEqual([]);
    state.timeouts.clear();
  });

  it('names a worker thread still running, even one that keeps no process alive (an SQLite store left open), and nothing once it exits', async () => {
    state.threads.clear();
    const before = snapshot();
    const thread = new Worker('setInterval(() => {}, 1000);', { eval: true });
    thread.unref();
    const left = leftSince(before, new Map(), state.threads);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^a worker thread still running, started\n.*leftBehind\.test\.ts/);
    await thread.terminate();
    await expect.poll(() => leftSince(before, new Map(), state.threads)).toEqual([]);
  });

  it('names an environment variable, a global and a process listener', () => {
    const before = snapshot();
    const listener = () => undefined;
    process.env.LEFT_BEHIND_TEST = 'set';
    (globalThis as Record<string, unknown>).leftBehindTest = 1;
    process.on('warning', listener);
    try {
      expect(leftSince(before, new Map())).toEqual(['the environment variable LEFT_BEHIND_TEST', 'the global leftBehindTest', '1 process listener(s) on warning']);
    } finally {
      delete process.env.LEFT_BEHIND_TEST;
      delete (globalThis as Record<string, unknown>).leftBehindTest;
      process.off('warning', listener);
    }
    expect(leftSince(before, new Map())).toEqual([]);
  });
});
