import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing } from './browser.ts';

/** Where that directory is, for the workers. */
export const SEEDED_DEMO = 'DESIGNER_TEST_SEEDED_DEMO';

/**
 * The demo seeded once per worker of the browser project, not once per file (vitest's
 * globalSetup): a directory for the run, where `startGriot` leaves the first demo server's
 * seeded store and copies it for every demo server after (each file its own store still, as
 * fresh as a new one). The runtime is not loaded here, in vitest's own process.
 */
export default async function seededDemo(): Promise<(() => Promise<void>) | undefined> {
  if (chromiumMissing()) return undefined;
  const root = await mkdtemp(join(tmpdir(), 'griot-seeded-demo-'));
  process.env[SEEDED_DEMO] = root;
  return async () => {
    delete process.env[SEEDED_DEMO];
    await rm(root, { recursive: true, force: true });
  };
}
