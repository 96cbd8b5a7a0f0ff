import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run on the sources of @griot/flows and @griot/connectors (their "griot-source" export).
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/buildDesigner.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser scenario polls the page: a busy machine needs more than the default second.
    expect: { poll: { timeout: 10_000 } },
    // One browser scenario at a time: the machine has two cores.
    fileParallelism: false,
  },
});
