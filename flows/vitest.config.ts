import { defineConfig } from 'vitest/config';

// Two files at a time: vitest's default on two cores is one.
export default defineConfig({ test: { maxWorkers: 2 } });
