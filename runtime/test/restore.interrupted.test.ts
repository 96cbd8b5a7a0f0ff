import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeBackupFile } from '../src/cli/backupFile.ts';
import { restoreBackup } from '../src/cli/restoreCommand.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { fillStore } from '../src/store/contract/fillStore.ts';
import { memoryMongoStore } from '../src/store/mongo/testing/memoryMongoStore.ts';
import { makeDataDir } from './helpers/testServer.ts';

/** A filled store's backup written to a file in a new data directory. */
async function backupOnDisk() {
  const { store: source } = await memoryMongoStore();
  await fillStore(source);
  const dump = await source.dump();
  const dataDir = await makeDataDir();
  const file = join(dataDir, 'backup.json');
  await writeBackupFile(file, dump);
  return { dump, dataDir, file };
}

/**
 * `griot restore` on MongoDB writes collection by collection (a backup of a busy line is more
 * than one transaction carries) with a mark in the database while it runs. Killed half-way, it
 * leaves flows without versions, users without tokens: the server must not serve that as a store.
 */
describe('a store a restore left half written', () => {
  it('is refused at start, naming the restore and what to do; once restored again, the server starts', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    // The restore's process died after the flows and users went in: its mark is still there.
    await memory.db.collection<{ _id: string; startedAt: string }>('maintenance').replaceOne({ _id: 'restore' }, { startedAt: '2026-12-06T02:00:00.000Z' }, { upsert: true });
    await memory.db.collection('flows').insertOne({ ...dump.flows[0]! });
    await memory.db.collection('users').insertOne({ ...dump.users[0]! });
    const dataDir = await makeDataDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', GRIOT_DEMO: '0', NODE_ENV: 'test', GRIOT_DRAIN_SECONDS: '0' });
    const start = () => startServer(config, { store, announce: () => {}, designerDir: join(dataDir, 'no-designer') });

    await expect(start()).rejects.toThrow(/MONGODB_URI: a griot restore into this database began at 2026-12-06T02:00:00.000Z and never finished.*griot restore <file>/);

    await store.restore(dump);
    const server = await start();
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is restored again by griot restore, which does not refuse it as a store holding data', async () => {
    const { dump, dataDir, file } = await backupOnDisk();
    const { store, memory } = await memoryMongoStore();
    // Killed after the flows and users went in: its mark is still there.
    await memory.db.collection<{ _id: string; startedAt: string }>('maintenance').replaceOne({ _id: 'restore' }, { startedAt: '2026-12-06T02:00:00.000Z' }, { upsert: true });
    await memory.db.collection('flows').insertOne({ ...dump.flows[0]! });
    await memory.db.collection('users').insertOne({ ...dump.users[0]! });
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    let code: number;
    try {
      code = await restoreBackup(file, 'backup.json', { DATA_DIR: join(dataDir, 'target') }, async () => store);
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('\n')).toContain('a restore into this store began at 2026-12-06T02:00:00.000Z and never finished');
    expect(code, lines.join('\n')).toBe(0);
    expect(await store.interruptedRestore()).toBeNull();
    expect((await store.listFlows()).map((f) => f.id).sort()).toEqual(dump.flows.map((f) => f.id).sort());
    expect(await store.countUsers()).toBe(dump.users.length);
  });
});

describe('two griot restore at once into one MongoDB database', () => {
  it('the second is refused while the first runs (its mark is alive), and leaves the first one’s restore whole', async () => {
    const { dump, dataDir, file } = await backupOnDisk();
    const { store, memory } = await memoryMongoStore();
    // The first restore has written its mark, the flows and the users, and is writing the transcripts.
    let release!: () => void;
    memory.holdNext('transcripts', 'insertMany', new Promise<void>((resolve) => (release = resolve)));
    const first = store.restore(dump);
    for (let i = 0; i < 200 && memory.documents('transcripts').length === 0 && (await store.countUsers()) === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(await store.interruptedRestore()).not.toBeNull();
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    let second: unknown;
    try {
      second = await restoreBackup(file, 'backup.json', { DATA_DIR: join(dataDir, 'target') }, async () => store).catch((error: unknown) => error);
    } finally {
      spy.mockRestore();
      release();
    }
    await first;
    expect(second, lines.join('\n')).not.toBe(0);
    expect(String((second as Error).message ?? lines.join('\n'))).toMatch(/another restore .*is running/);
    expect(await store.interruptedRestore()).toBeNull();
    const restored = await store.dump();
    expect(restored.flows.map((f) => f.id).sort()).toEqual(dump.flows.map((f) => f.id).sort());
    expect(restored.users.length).toBe(dump.users.length);
    expect(restored.transcripts.length).toBe(dump.transcripts.length);
  });
});
