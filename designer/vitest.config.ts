import { defineConfig } from 'vitest/config';

export default defineConfig({
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
