import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ENDPOINT, chromiumMissing } from './browser.ts';

/**
 * Starts Chromium once for the browser scenarios, rather than once per file (a second of a
 * two-core machine each time): every file connects to it and works in contexts of its own
 * (cookies, storage and cache are a context's), and its `browser.close()` closes them and
 * disconnects. Its address goes to the test files in CHROMIUM_ENDPOINT.
 */
export default async function sharedChromium(): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  process.env[CHROMIUM_ENDPOINT] = server.wsEndpoint();
  return async () => {
    delete process.env[CHROMIUM_ENDPOINT];
    await server.close();
  };
}
