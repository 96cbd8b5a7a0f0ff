import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing, SHARED_CHROMIUM } from './browser.ts';
import { KEPT_PROFILES } from './keptProfile.ts';

/**
 * One Chromium per worker of the browser project (vitest's globalSetup), instead of one launched
 * and closed by each file: `launchChromium()` connects to its worker's, each file's pages in
 * contexts of their own (cookies, storage, permissions apart), and `close()` then only
 * disconnects. One per worker, not one for all: the two files that run at the same time share no
 * clipboard and no focus (a copy in one is never pasted in the other). A file that needs other
 * switches (a fake microphone) still launches its own. And the directory of the profiles each worker
 * keeps (test/support/keptProfile.ts), removed at the end of the run.
 */
export default async function sharedChromium(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const workers = Math.max(1, project.config.maxWorkers ?? 1);
  const servers = await Promise.all(Array.from({ length: workers }, () => chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })));
  process.env[SHARED_CHROMIUM] = JSON.stringify(servers.map((server) => server.wsEndpoint()));
  const profiles = await mkdtemp(join(tmpdir(), 'griot-designer-profiles-'));
  process.env[KEPT_PROFILES] = profiles;
  return async () => {
    delete process.env[SHARED_CHROMIUM];
    delete process.env[KEPT_PROFILES];
    await Promise.all(servers.map((server) => server.close()));
    await rm(profiles, { recursive: true, force: true });
  };
}
