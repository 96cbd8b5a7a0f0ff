import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, SHARED_CHROMIUM } from './browser.ts';

/**
 * One Chromium for every browser test file (vitest's globalSetup), instead of one launched and
 * closed by each: `launchChromium()` connects to it, each file's pages in contexts of their own
 * (cookies, storage, permissions apart), and `close()` then only disconnects. A file that needs
 * other switches (a fake microphone) still launches its own.
 */
export default async function sharedChromium(): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  process.env[SHARED_CHROMIUM] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_CHROMIUM];
    await server.close();
  };
}
