import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

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
  test: { expect: { poll: { timeout: 10_000 } }, hookTimeout: 30_000, maxWorkers: 2 },
});
