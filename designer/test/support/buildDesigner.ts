import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromiumMissing } from './browser.ts';

/**
 * The browser tests drive the designer as the server serves it (designer/dist), so it is built
 * once before them. Without Chromium they are skipped and nothing is built.
 */
export default async function buildDesigner(): Promise<void> {
  if (chromiumMissing()) return;
  // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: fileURLToPath(new URL('../..', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
