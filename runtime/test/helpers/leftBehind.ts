import { createRequire, syncBuiltinESMExports } from 'node:module';

/**
 * What a test file left in its worker for the next file: a server still listening, a socket or a
 * child process still open, a worker thread still running, a repeating timer never cleared (or a
 * chain of timeouts setting itself again), an environment variable, a global, a process listener,
 * the working directory. `vitest.config.ts` runs this before each file of the
 * projects whose files share a worker (`isolate: false`): a file that leaves any of these behind
 * fails there, naming what it left, instead of another file failing later in an order that
 * differs from run to run (ci22's attempt: `llmClassifier` and `quotaLock` failed that way).
 */

/** Handles a stopped server lets go of on its own within a moment: idle kept-alive sockets, their timers. */
export const SETTLE_MS = 2_000;
/** Resources that say a file left something running (`process.getActiveResourcesInfo()`). */
const RUNNING = new Set(['TCPServerWrap', 'TCPSocketWrap', 'PipeServerWrap', 'PipeWrap', 'ProcessWrap', 'UDPWrap', 'FSEventWrap', 'StatWatcher', 'SignalWrap', 'Timeout', 'Immediate']);

export type Timer = ReturnType<typeof setInterval> & { _destroyed?: boolean };

export interface WorkerState {
  /** Repeating timers created since the current file began, with where they were created. */
  intervals: Map<Timer, string>;
  /**
   * One-shot timers created since the current file began, with when they are due and where they
   * were made (read only for those still pending at the end): one that sets itself again (a poll
   * written as a chain of `setTimeout`s, often unref'd, so in no list of active handles) repeats
   * as surely as an interval.
   */
  timeouts: Map<Timer, { at: number; due: number; made: Error }>;
  /**
   * Worker threads started since the current file began and not yet exited, with where: an SQLite
   * store left open keeps its checkpoint thread (unref'd, so in no list of active handles) and its
   * database running in the worker for every file after.
   */
  threads: Map<object, string>;
  /** The worker's own `setTimeout`, for the guard's waits (not noted as the file's). */
  setTimeout: typeof setTimeout;
}

/** Kept on the worker's global: this module is evaluated again before each file. */
const STATE = Symbol.for('griot.test.leftBehind');

export function workerState(): WorkerState {
  const holder = globalThis as unknown as Record<symbol, WorkerState | undefined>;
  const existing = holder[STATE];
  if (existing) return existing;
  const state: WorkerState = { intervals: new Map(), timeouts: new Map(), threads: new Map(), setTimeout: globalThis.setTimeout };
  holder[STATE] = state;
  // Every worker thread is noted where it is started, and forgotten when it exits.
  const workerThreads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const Started = workerThreads.Worker;
  workerThreads.Worker = class NotedWorker extends Started {
    constructor(...args: ConstructorParameters<typeof Started>) {
      super(...args);
      state.threads.set(this, new Error().stack?.split('\n').slice(2, 6).join('\n') ?? '');
      this.once('exit', () => state.threads.delete(this));
    }
  };
  syncBuiltinESMExports();
  const originalTimeout = globalThis.setTimeout;
  const notingTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = originalTimeout(callback, ms, ...args) as Timer;
    // The stack is captured here but only formatted for a timer still pending at the end.
    const at = performance.now();
    state.timeouts.set(timer, { at, due: at + Math.max(1, Number(ms) || 0), made: new Error() });
    // Those done with are forgotten now and then: a file may make hundreds of thousands.
    if (state.timeouts.size > 10_000) for (const [done] of state.timeouts) if (done._destroyed) state.timeouts.delete(done);
    return timer;
  }) as typeof setTimeout;
  Object.assign(notingTimeout, originalTimeout);
  globalThis.setTimeout = notingTimeout;
  const original = globalThis.setInterval;
  // Every repeating timer is noted where it is created (an unref'd one is in no list of active handles).
  const noting = ((...args: Parameters<typeof setInterval>) => {
    const timer = original(...args) as Timer;
    state.intervals.set(timer, new Error().stack?.split('\n').slice(2, 6).join('\n') ?? '');
    return timer;
  }) as typeof setInterval;
  Object.assign(noting, original);
  globalThis.setInterval = noting;
  return state;
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) if (RUNNING.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function listenerCounts(): Map<string | symbol, number> {
  return new Map(process.eventNames().map((name) => [name, process.listenerCount(name)]));
}

/**
 * Globals a library keeps for the whole process, made at its first use and the same object for
 * every file after: what the first file to use it adds, and no file replaces. Node's own fetch
 * keeps its connection pool under the first; the OpenAI SDK, a registry shared by its copies; zod,
 * its settings and its registry of schemas' metadata, shared by its copies.
 */
const MADE_ONCE = new Set<string | symbol>([Symbol.for('undici.globalDispatcher.1'), Symbol.for('openai.node.providerDefinitions.v1'), '__zod_globalConfig', '__zod_globalRegistry']);
/** vitest's own, set again for each file and test (`expect`'s state). */
const VITEST_OWN = (key: string | symbol) => key === Symbol.for('$$jest-matchers-object') || (typeof key === 'string' && key.startsWith('__vitest'));
/** Listeners that run only when the worker ends (pino's flush at exit is installed once): nothing a later file sees. */
const AT_EXIT = new Set<string | symbol>(['exit', 'beforeExit']);

export interface Snapshot {
  env: Map<string, string | undefined>;
  globals: Map<string | symbol, unknown>;
  listeners: Map<string | symbol, number>;
  resources: Map<string, number>;
  cwd: string;
  exitCode: typeof process.exitCode;
}

export function snapshot(): Snapshot {
  const globals = new Map<string | symbol, unknown>();
  for (const key of Reflect.ownKeys(globalThis)) {
    if (key === STATE) continue;
    // Read, not described: Node defines many globals (TextEncoder, Headers, DOMException…) as getters
    // that become plain values at their first use, which changes nothing a file sees.
    try {
      globals.set(key, Reflect.get(globalThis, key));
    } catch {
      globals.set(key, undefined);
    }
  }
  return {
    env: new Map(Object.entries(process.env)),
    globals,
    listeners: listenerCounts(),
    resources: countResources(),
    cwd: process.cwd(),
    exitCode: process.exitCode,
  };
}

/** What differs between before the file and now, one line each; empty when the file left nothing. */
export function leftSince(before: Snapshot, intervals: Map<Timer, string>, threads: ReadonlyMap<object, string> = new Map(), timeouts?: WorkerState['timeouts']): string[] {
  const after = snapshot();
  const left: string[] = [];
  const envKeys = new Set([...before.env.keys(), ...after.env.keys()]);
  for (const key of envKeys) if (before.env.get(key) !== after.env.get(key)) left.push(`the environment variable ${key}`);
  const globalKeys = new Set([...before.globals.keys(), ...after.globals.keys()]);
  for (const key of globalKeys) {
    if (key === 'setInterval' || key === 'setTimeout') continue;
    if (VITEST_OWN(key) || (MADE_ONCE.has(key) && !before.globals.has(key))) continue;
    if (!Object.is(before.globals.get(key), after.globals.get(key))) left.push(`the global ${String(key)}`);
  }
  for (const [name, count] of after.listeners) {
    if (AT_EXIT.has(name)) continue;
    if (count > (before.listeners.get(name) ?? 0)) left.push(`${count - (before.listeners.get(name) ?? 0)} process listener(s) on ${String(name)}`);
  }
  for (const [name, count] of after.resources) {
    if (count <= (before.resources.get(name) ?? 0)) continue;
    left.push(`${count - (before.resources.get(name) ?? 0)} × ${name} still active${name === 'Timeout' && timeouts ? pendingTimeoutSites(timeouts) : ''}`);
  }
  if (after.cwd !== before.cwd) left.push(`the working directory (${after.cwd})`);
  if (after.exitCode !== before.exitCode) left.push(`the exit code (${String(after.exitCode)})`);
  for (const [timer, stack] of intervals) if (!timer._destroyed) left.push(`a repeating timer never cleared, created\n${stack}`);
  for (const stack of threads.values()) left.push(`a worker thread still running, started\n${stack}`);
  return left;
}

/**
 * Where the file's one-shot timers still pending and keeping the process alive were made; those
 * made by `node:timers/promises` (an abandoned `sleep` in a `Promise.race`) or inside Node are not
 * noted, and said so.
 */
function pendingTimeoutSites(timeouts: WorkerState['timeouts']): string {
  const sites = [...timeouts].filter(([timer]) => !timer._destroyed && timer.hasRef()).map(([, { made }]) => madeAt(made));
  if (sites.length === 0) return " (not made by the file's setTimeout: a sleep from node:timers/promises left pending, or a library's)";
  return `, made\n${sites.join('\nand\n')}`;
}

/** Where a timer was made: the frame below the guard's own (what called `setTimeout`), and a few below it. */
const madeAt = (made: Error) => made.stack?.split('\n').slice(2, 6).join('\n') ?? '';
// Its place in the source only: the same call is named `poll` or `Timeout.poll [as _onTimeout]` by who called it.
const madeBy = (made: Error) => /([^\s(]+:\d+:\d+)\)?$/.exec(made.stack?.split('\n')[2] ?? '')?.[1] ?? '';

/**
 * Timers the file left setting themselves again: of the one-shot timers it made that are still
 * pending and keep no process alive (unref'd: a ref'd one is an active `Timeout` above), those due
 * within `waitMs` are waited for; one made again from the same place meanwhile is a chain still
 * running, named with where it is made. A chain slower than `waitMs` goes unseen.
 */
export async function chainsStillRunning(state: WorkerState, waitMs = SETTLE_MS): Promise<string[]> {
  const now = performance.now();
  const soon = [...state.timeouts].filter(([timer, { due }]) => !timer._destroyed && !timer.hasRef() && due - now <= waitMs);
  if (soon.length === 0) return [];
  const sites = new Set(soon.map(([, { made }]) => madeBy(made)));
  const waited = new Set(soon.map(([timer]) => timer));
  const last = Math.max(...soon.map(([, { due }]) => due));
  const waiting = performance.now();
  await new Promise((resolve) => state.setTimeout(resolve, Math.max(0, last - waiting) + 20));
  const again = new Map<string, string>();
  // Made while the guard waited (the file's tests over), from where a timer it waited for was made.
  for (const [timer, { at, made }] of state.timeouts) {
    if (timer._destroyed || waited.has(timer) || at < waiting || !sites.has(madeBy(made))) continue;
    again.set(madeBy(made), madeAt(made));
  }
  return [...again.values()].map((site) => `a timer that sets itself again (a chain of setTimeout), made\n${site}`);
}
