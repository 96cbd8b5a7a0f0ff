import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { sharesState } from './test/helpers/sharesState.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * A test file that touches nothing shared between files (no module mock, no environment, no fake
 * clock, no process listener, no global replaced or spied on unrestored, no repeating timer, no
 * child process, no in-memory MongoDB: `sharesState`) runs in a worker that keeps the modules other
 * files imported: a file costs its own tests, not a new worker and the server's module graph
 * loaded again (about 1.3 s of « import » per file at a two-core machine's load, 405 s a run when
 * every file of test/ paid it). Servers are no reason to isolate: each file stops its own. Read
 * from the files themselves, so a new file that does any of these is isolated. And whatever a
 * shared file still leaves behind when it ends (a server or socket still open, a repeating timer
 * never cleared, an environment variable, a global, a process listener) fails that file, named
 * (`test/helpers/leftBehindSetup.ts`), rather than a later file in an order that changes.
 */
function unitsSharingNothing(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file))
    .filter((file) => !sharesState(readFileSync(join(root, file), 'utf8')))
    .map((file) => relative(root, join(root, file)));
}

const sharedWorkerUnits = [...unitsSharingNothing('src'), ...unitsSharingNothing('test')];

// Tests run on the sources of the other @griot packages (their "griot-source" export), never on
// a dist/ that may be older than them.
export default defineConfig({
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
  // Tests wait for what happens in the background with expect.poll: a poll ends as soon as it holds,
  // and a busy machine (CI, two cores) needs more than the default second (as the designer's tests).
  // Servers start in beforeAll hooks: at a two-core machine's load 16 one took more than vitest's
  // default 10 s to start with the demo seeded (a hook's time-out only ends a failing start sooner).
  // Two files at a time: vitest's default on two cores is one, and most files wait on servers,
  // child processes and timers far more than they compute.
  // Many tests start their own server inside the test (each with its own environment): the same
  // start as a hook's, with the demo seeded, so the same 30 s rather than vitest's default 5 s
  // (voice.access.e2e's took more than 5 s at load 16–20). A test that hangs still fails.
  test: {
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 30_000,
    testTimeout: 30_000,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'units', include: sharedWorkerUnits, isolate: false, setupFiles: ['test/helpers/leftBehindSetup.ts'] } },
      { extends: true, test: { name: 'isolated', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: sharedWorkerUnits } },
    ],
  },
});
