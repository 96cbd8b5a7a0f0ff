import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { MongoNetworkError } from 'mongodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MongoStore } from '../src/store/mongo/MongoStore.ts';
import { MemoryMongo } from '../src/store/mongo/testing/memoryMongo.ts';
import { serve } from '../src/main.ts';

/**
 * MongoDB lost between the start's connection and `listen` (the store opened, its indexes made,
 * then the server goes away while the first admin, the demo or the audio import is written): one
 * line saying so by the driver's error name, without the URI's password, and exit 69 as for a
 * server out of reach at start (a service manager starts it again), not a stack trace and exit 1.
 */
const opened = vi.hoisted(() => ({ memory: undefined as undefined | { lose(error: Error | undefined): void } }));
vi.mock('../src/store/openStore.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/store/openStore.ts')>();
  return {
    ...original,
    openStore: async () => {
      const memory = new MemoryMongo();
      const store = await MongoStore.over(memory.client as unknown as MongoClient, memory.db);
      opened.memory = memory;
      // Connected, indexes made: the server goes away now, before the server listens.
      memory.lose(new MongoNetworkError('connection 3 to 10.0.0.7:27017 closed'));
      return store;
    },
  };
});

let dataDir: string;
beforeAll(async () => {
  // The server's modules load once, outside the test's time (as config.test.ts does).
  await import('../src/startServing.ts');
}, 60_000);
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('MongoDB lost between the connection and listen', () => {
  it('stops with one line naming the driver error (no password, no stack trace) and exit 69', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'griot-mongo-lost-'));
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    let code: number | undefined;
    try {
      const uri = 'mongodb://griot-app:s3cret-pw@10.0.0.7:27017/griot?authSource=admin';
      code = await serve({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GRIOT_DEMO: '1', MONGODB_URI: uri });
    } finally {
      spy.mockRestore();
    }
    expect(opened.memory).toBeDefined();
    expect(code).toBe(69);
    const said = written.filter((line) => line.startsWith('griot cannot start'));
    expect(said).toEqual([expect.stringMatching(/^griot cannot start: the MongoDB store failed during start-up \(MongoNetworkError: connection 3 to 10\.0\.0\.7:27017 closed\)\n$/)]);
    expect(written.join('')).not.toMatch(/s3cret|griot-app|\n {4}at /);
  });
});
