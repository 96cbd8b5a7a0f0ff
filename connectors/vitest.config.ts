import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run on the sources of the other @griot packages (their "griot-source" export), never on
// a dist/ that may be older than them.
export default defineConfig({
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
  // Tests wait for what happens in the background with expect.poll: a poll ends as soon as it holds,
  // and a busy machine (CI, two cores) needs more than the default second (as the designer's tests).
  // Two files at a time: vitest's default on two cores is one. A test of a whole exchange (a server,
  // a fake Bot Framework or Graph API, several round trips) took 5.3 s at load 14, past vitest's
  // default 5 s: 15 s, as a slow machine needs, still fails a test that hangs.
  test: { expect: { poll: { timeout: 10_000 } }, maxWorkers: 2, testTimeout: 15_000 },
});
