import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { logKeyCommand } from '../src/cli/logKeyCommand.ts';
import { readStoredAnalyticsKey } from '../src/store/mongo/storedKeyReader.ts';
import { MemoryMongo } from '../src/store/mongo/testing/memoryMongo.ts';

/**
 * `griot log-key` run by hand with a MongoDB store: an operator with a wrong MONGODB_URI hears it
 * at once, in plain words and without the URI's password; a right one gets the store's key read
 * by its id, nothing created.
 */
const NUMBER = '+2290197000001';

/** A port nothing listens on: taken, then let go. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('griot log-key on MongoDB', () => {
  // Its own timeout: the driver is given KEY_READ_TIMEOUT_MS (4 s) to find a server before the command gives up.
  it('with a MONGODB_URI nothing answers at, says it could not reach the store, by host only, and exits 69', { timeout: 20_000 }, async () => {
    const port = await closedPort();
    const errors: string[] = [];
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      const code = await logKeyCommand(NUMBER, { MONGODB_URI: `mongodb://opsuser:S3cretPassw0rd@127.0.0.1:${port}/griot?authSource=admin` }, (line) => printed.push(line));
      expect(code).toBe(69);
    } finally {
      spy.mockRestore();
    }
    const said = errors.join('\n');
    expect(printed).toEqual([]);
    expect(said).toContain(`the MongoDB store at mongodb://…@127.0.0.1:${port}/… could not be read`);
    expect(said).not.toMatch(/S3cretPassw0rd|opsuser|authSource/);
  });

  it('reads the kept key by its id and nothing else', async () => {
    const memory = new MemoryMongo();
    expect(await readStoredAnalyticsKey(memory.db)).toBeUndefined();
    await memory.db.collection('analyticsState').insertOne({ _id: 'callerKey', value: 'a-key' } as never);
    expect(await readStoredAnalyticsKey(memory.db)).toBe('a-key');
    expect(memory.collectionNames()).toEqual(['analyticsState']);
  });
});
