import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run on the sources of @griot/flows and @griot/connectors (their "griot-source" export).
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser scenario polls the page: a busy machine needs more than the default second.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        // The units (no server, no browser) two files at a time: vitest's default on two cores is one.
        // Units first (group 0), then the browser scenarios (group 1): vitest runs projects whose
        // workers differ in groups of their own, and refuses to start without them.
        test: { name: 'unit', include: ['src/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // The scenarios in Chromium against the real server, after the units, the designer built once.
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // The designer built once, and one Chromium every file connects to (each file's pages in
          // contexts of their own) rather than one launched and closed per file.
          globalSetup: ['test/support/buildDesigner.ts', 'test/support/sharedChromium.ts'],
          // One browser scenario at a time: the machine has two cores.
          fileParallelism: false,
          // In one worker that keeps its modules: the server's sources (the whole runtime) are
          // loaded once, not once per file. Each file starts its own server with its own data
          // directory and changes no environment, global or module.
          isolate: false,
        },
      },
    ],
  },
});
