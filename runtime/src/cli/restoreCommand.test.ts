import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../store/openStore.ts';
import { SCHEMA_VERSION } from '../store/schemaVersion.ts';
import { createFlow } from '../store/contract/fixtures.ts';
import type { StoreDump } from '../store/types.ts';
import { restoreBackup } from './restoreCommand.ts';

const bytesOf = (value: unknown) =>
  (async function* () {
    yield Buffer.from(JSON.stringify(value));
  })();

const quietly = async <T>(run: () => Promise<T>): Promise<{ result: T; output: string }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    return { result: await run(), output: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
};

describe('griot restore and the release that wrote the backup', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  /** A backup of a store holding one flow, as `griot backup` writes it. */
  const aBackup = async (): Promise<StoreDump> => {
    const store = await openStore({ dataDir: join(dir, 'source') });
    try {
      await createFlow(store, 'demo');
      return JSON.parse(JSON.stringify(await store.dump())) as StoreDump;
    } finally {
      await store.close();
    }
  };

  it('refuses, naming both schema versions, a backup a newer release wrote, and leaves DATA_DIR untouched', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-restore-schema-'));
    const backup = await aBackup();
    expect(backup.schemaVersion).toBe(SCHEMA_VERSION);
    const target = join(dir, 'target');
    const { result, output } = await quietly(() => restoreBackup(bytesOf({ ...backup, schemaVersion: SCHEMA_VERSION + 2 }), 'newer.json', { DATA_DIR: target }));
    expect(result).toBe(1);
    expect(output).toContain(`refusing to restore newer.json: it was written by a newer Griot (schema version ${SCHEMA_VERSION + 2}; this one knows only up to ${SCHEMA_VERSION})`);
    expect(output).toContain('nothing was restored');
    // Refused before the store was opened: no database was made.
    expect(await readdir(target).catch(() => [])).toEqual([]);
  });

  it('restores a backup of this schema, and one written before backups said theirs', async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-restore-schema-'));
    const backup = await aBackup();
    const { schemaVersion: _none, ...older } = backup;
    for (const [name, given] of [
      ['same', backup],
      ['older', older],
    ] as const) {
      const { result, output } = await quietly(() => restoreBackup(bytesOf(given), `${name}.json`, { DATA_DIR: join(dir, name) }));
      expect(output).toContain(`restored ${name}.json`);
      expect(result).toBe(0);
      const store = await openStore({ dataDir: join(dir, name) });
      expect((await store.listFlows()).map((f) => f.id)).toEqual(['demo']);
      await store.close();
    }
  });
});
