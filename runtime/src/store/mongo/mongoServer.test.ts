import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.ts';
import { MemoryMongo } from './testing/memoryMongo.ts';
import { inspectServer } from './mongoServer.ts';

/** What the store asks the server at connect (issue 18, points 4 and 9), answered as MongoDB's buildInfo and hello do. */
describe('inspectServer', () => {
  it('refuses a server older than 5.0, naming MONGODB_URI and the version found', async () => {
    const old = inspectServer(new MemoryMongo({ version: '4.4.29' }).db);
    await expect(old).rejects.toBeInstanceOf(ConfigError);
    await expect(old).rejects.toMatchObject({ variable: 'MONGODB_URI', message: expect.stringContaining('version 4.4.29; Griot needs MongoDB 5.0 or later') });
  });

  it('takes 5.0 and later, and sees transactions on a replica set only', async () => {
    expect(await inspectServer(new MemoryMongo({ version: '5.0.0' }).db)).toEqual({ version: '5.0.0', transactions: false });
    expect(await inspectServer(new MemoryMongo({ version: '8.0.4', transactions: true }).db)).toEqual({ version: '8.0.4', transactions: true });
  });

  it('reads the version from the string when versionArray is absent, and a sharded cluster as transactional', async () => {
    const db = { admin: () => ({ command: async (c: object) => ('buildInfo' in c ? { version: '6.0.3' } : { msg: 'isdbgrid', ok: 1 }) }) };
    expect(await inspectServer(db as never)).toEqual({ version: '6.0.3', transactions: true });
  });
});
