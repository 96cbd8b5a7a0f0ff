/**
 * Whether a test file's source touches state another file in the same worker would see, so that it
 * must run isolated (runtime/vitest.config.ts runs every other unit of src/ in one worker that keeps
 * its modules, `isolate: false`). Read from the file itself: a new unit that does any of these is
 * isolated without anyone listing it.
 */

/**
 * What is shared whatever the file does after it: modules, environment, clocks, processes. A server
 * (the real one, a fake operator's) is not: each file closes what it starts, as it must between its
 * own tests, and every server keeps its state in its own objects (its store, its registry of metrics).
 */
const SHARED_ALWAYS = new RegExp(
  [
    // Module mocks, the environment, globals, fake clocks, a module graph reset.
    String.raw`vi\.(mock|doMock|unmock|doUnmock|stubEnv|stubGlobal|useFakeTimers|setSystemTime|resetModules|importMock)\b`,
    // The process: its environment, directory, listeners, exit code, output.
    String.raw`process\.(env|chdir|on|once|addListener|prependListener|prependOnceListener|removeAllListeners|setMaxListeners|exitCode|emit|emitWarning|umask|stdout|stderr|title|argv)\b`,
    // A global or a built-in replaced by assignment (the clock, chance, the console).
    String.raw`\b(Date\.now|Math\.random|performance\.now|console\.\w+|globalThis\.[\w$]+|global\.[\w$]+|[A-Z][\w$]*\.prototype\.[\w$]+)\s*=(?!=)`,
    String.raw`Object\.(defineProperty|assign)\(\s*(globalThis|global|process|Date|Math|console|performance|[A-Z][\w$]*\.prototype)\b`,
    // Settings made once for the whole process, on objects the guard sees as unchanged (leftBehind.ts
    // takes undici's dispatcher and zod's settings, made at their first use, for a library's own):
    // fetch's dispatcher (a MockAgent), zod's settings (its locale), stack depth, listeners' limit, DNS order.
    String.raw`setGlobalDispatcher|\bz\.config\(|\b(Error\.stackTraceLimit|EventEmitter\.defaultMaxListeners)\s*=(?!=)|setDefaultResultOrder|setDefaultAutoSelectFamily`,
    // A timer that repeats runs on into the next file unless every one is cleared: isolated.
    String.raw`\bsetInterval\(`,
    // The process's guards and signal handlers (what `griot serve` installs around its server).
    'startServing|installProcessGuards',
    // Child processes, an in-memory MongoDB (a mongod of its own).
    String.raw`child_process|spawn|fork\(|mongodb-memory|MemoryMongo`,
  ].join('|'),
);

/** A spy on something every file shares: a global, a built-in's prototype. */
const GLOBAL_SPY = /vi\.spyOn\(\s*(globalThis|global|process|console|Date|Math|JSON|performance|crypto|Buffer|Promise|Reflect|[A-Z][\w$]*\.prototype)\b/;
/** Every spy restored after each test (or the whole file's). */
const SPIES_RESTORED = /after(Each|All)\(\s*(async\s*)?\(\)\s*=>\s*\{?\s*vi\.restoreAllMocks\(\)/;

export function sharesState(source: string): boolean {
  if (SHARED_ALWAYS.test(source)) return true;
  // A spy on a module's namespace (`import * as fs`) changes that module for every file after it.
  for (const [, name] of source.matchAll(/import\s+\*\s+as\s+([\w$]+)/g)) {
    if (new RegExp(String.raw`vi\.spyOn\(\s*${name}\b`).test(source) && !SPIES_RESTORED.test(source)) return true;
  }
  return GLOBAL_SPY.test(source) && !SPIES_RESTORED.test(source);
}
