import { describe, expect, it } from 'vitest';
import { sharesState } from './helpers/sharesState.ts';

// runtime/vitest.config.ts runs the test files for which this is false in one worker that keeps its
// modules: a file that leaves something behind there changes the next file's tests, in an order
// that differs from run to run. Each source below would.
describe('which test files run isolated', () => {
  it.each([
    ['a module mock', "vi.mock('../store/openStore.ts');"],
    ['a fake clock', 'vi.useFakeTimers();'],
    ['an environment variable', "process.env.GRIOT_PORT = '4250';"],
    ['a stubbed clock', 'const now = vi.spyOn(Date, "now").mockReturnValue(0);'],
    ['the clock replaced', 'Date.now = () => 0;'],
    ['chance replaced', 'Math.random = () => 0.5;'],
    ['a spy on the console', "const warn = vi.spyOn(console, 'warn');"],
    ['a spy on a built-in prototype', "vi.spyOn(String.prototype, 'normalize');"],
    ['a spy on a module namespace', "import * as fs from 'node:fs';\nvi.spyOn(fs, 'readFileSync');"],
    ['a process listener', "process.on('unhandledRejection', () => {});"],
    ['an exit code', 'process.exitCode = 1;'],
    ['a global set', 'globalThis.fetch = async () => new Response();'],
    ['a global defined', "Object.defineProperty(globalThis, 'crypto', { value: {} });"],
    ['a repeating timer', 'const timer = setInterval(() => {}, 1000);'],
    ['the process guards of `griot serve`', 'const code = await startServing(config, { announce: () => {} });'],
    ['a child process', "import { fork } from 'node:child_process';"],
    ['fetch answered by a mock for the whole process', "import { MockAgent, setGlobalDispatcher } from 'undici';\nsetGlobalDispatcher(agent);"],
    ['zod’s settings for the whole process', 'z.config(z.locales.fr());'],
    ['a deeper stack for every file after', 'Error.stackTraceLimit = 50;'],
  ])('%s', (_, source) => {
    expect(sharesState(source)).toBe(true);
  });

  it('keeps in the shared worker a unit that spies on its own objects, or restores its spies', () => {
    expect(sharesState("const store = new MemoryStore();\nconst writes = vi.spyOn(store, 'writeHeartbeat');\nexpect(Date.now()).toBeGreaterThan(0);")).toBe(false);
    expect(sharesState("afterEach(() => vi.restoreAllMocks());\nvi.spyOn(String.prototype, 'normalize');")).toBe(false);
    expect(sharesState("import * as fs from 'node:fs';\nafterEach(() => vi.restoreAllMocks());\nvi.spyOn(fs, 'readFileSync');")).toBe(false);
    expect(sharesState('if (a == b) setTimeout(done, 10).unref();')).toBe(false);
    // A server is the file's own: started and stopped by it, as between its own tests.
    expect(sharesState('beforeAll(async () => { server = await startTestServer(); });\nafterAll(() => server.stop());')).toBe(false);
  });
});
