import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, SHARED_CHROMIUM } from './browser.ts';

/**
 * One Chromium per worker of the browser project (vitest's globalSetup), instead of one launched
 * and closed by each file: `launchChromium()` connects to its worker's, each file's pages in
 * contexts of their own (cookies, storage, permissions apart), and `close()` then only
 * disconnects. One per worker, not one for all: the two files that run at the same time share no
 * clipboard and no focus (a copy in one is never pasted in the other). A file that needs other
 * switches (a fake microphone) still launches its own.
 */
export default async function sharedChromium(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const servers = await Promise.all(Array.from({ length: workers }, () => chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })));
  process.env[SHARED_CHROMIUM] = JSON.stringify(servers.map((server) => server.wsEndpoint()));
  return async () => {
    delete process.env[SHARED_CHROMIUM];
    await Promise.all(servers.map((server) => server.close()));
  };
}
