import { rm } from 'node:fs/promises';
import { chromiumMissing } from './browser.ts';
import { SEEDED_DEMO, startGriot } from './griotServer.ts';

/**
 * The demo seeded once for the whole browser project (vitest's globalSetup), not once per file:
 * a demo server started and stopped here leaves its data directory, and each file's demo server
 * starts on a copy of it (`startGriot`), its own store still, as fresh as a new one.
 */
export default async function seededDemo(): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const server = await startGriot({ demo: true });
  await server.running.close();
  process.env[SEEDED_DEMO] = server.dataDir;
  return async () => {
    delete process.env[SEEDED_DEMO];
    await rm(server.dataDir, { recursive: true, force: true });
  };
}
