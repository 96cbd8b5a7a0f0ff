import { describe, expect, it, vi } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { restoreCommand } from '../src/cli/restoreCommand.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';

const quietly = async <T>(run: () => Promise<T>): Promise<{ result: T; output: string }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    return { result: await run(), output: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
};

describe('griot backup / griot restore', () => {
  it('restores into an empty DATA_DIR with the same API answers, audio included, and refuses a non-empty one', async () => {
    const [sourceDir, targetDir] = await Promise.all([makeDataDir(), makeDataDir()]);
    const file = join(sourceDir, '..', `griot-backup-${process.pid}-${Date.now()}.json`);
    try {
      const source = await startTestServer({ dataDir: sourceDir });
      await source.admin.post('/api/flows', { document: testFlow() });
      await source.admin.post('/api/flows/hotline/publish', { message: 'v1' });
      await source.admin.post('/api/flows/hotline/environments/production', { version: 1 });
      await source.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline' });
      const wav = toneWav();
      const uploaded = await fetch(`${source.url}/api/flows/hotline/audio?name=fon/menu.wav`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
        body: wav,
      });
      expect(uploaded.status).toBe(201);
      const paths = ['/api/flows', '/api/flows/hotline', '/api/flows/hotline/export', '/api/bindings', '/api/users', '/api/flows/hotline/audio'];
      const before = await Promise.all(paths.map(async (p) => (await source.admin.get(p)).body));
      await source.stop({ keepData: true });

      const backup = await quietly(() => backupCommand(file, {}, { DATA_DIR: sourceDir }));
      expect(backup.result).toBe(0);
      expect(backup.output).toMatch(/1 flow\(s\).*1 audio file/);
      const written = JSON.parse(await readFile(file, 'utf8'));
      expect(written).toMatchObject({ format: 'griot-backup', formatVersion: 1 });
      // The prompt is in the one file, in base64, with what serving it needs.
      expect(written.audio).toEqual([expect.objectContaining({ flowId: 'hotline', name: 'fon/menu.wav', contentType: 'audio/wav', bytes: wav.length, base64: wav.toString('base64') })]);

      const restored = await quietly(() => restoreCommand(file, { DATA_DIR: targetDir }));
      expect(restored.result).toBe(0);
      expect(restored.output).toMatch(/1 audio file/);

      const target = await startTestServer({ dataDir: targetDir });
      try {
        expect(target.announcements).toEqual([]);
        const after = await Promise.all(paths.map(async (p) => (await target.admin.get(p)).body));
        expect(after).toEqual(before);
        const served = await fetch(`${target.url}/audio/hotline/fon/menu.wav`);
        expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      } finally {
        await target.stop({ keepData: true });
      }

      const refused = await quietly(() => restoreCommand(file, { DATA_DIR: targetDir }));
      expect(refused.result).toBe(1);
      expect(refused.output).toMatch(/refusing to restore.*already holds data/);
    } finally {
      await Promise.all([rm(sourceDir, { recursive: true, force: true }), rm(targetDir, { recursive: true, force: true }), rm(file, { force: true })]);
    }
  });

  it('restores the prompts of a backup written before they moved into the store (beside the dump)', async () => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, 'old-backup.json');
    const wav = toneWav();
    const old = {
      format: 'griot-backup',
      formatVersion: 1,
      createdAt: '2026-10-01T10:00:00.000Z',
      flows: [],
      drafts: [],
      versions: [],
      environments: [],
      bindings: [],
      sessions: [],
      callers: [],
      transcripts: [],
      audit: [],
      users: [],
      tokens: [],
      assets: { audio: [{ path: 'hotline/fon/menu.wav', base64: wav.toString('base64') }] },
    };
    await writeFile(file, JSON.stringify(old));
    try {
      const { result, output } = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(result, output).toBe(0);
      const server = await startTestServer({ dataDir: join(dataDir, 'store') });
      try {
        const served = await fetch(`${server.url}/audio/hotline/fon/menu.wav`);
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toBe('audio/wav');
        expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      } finally {
        await server.stop({ keepData: true });
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a Griot backup', async () => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, 'not-a-backup.json');
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    try {
      const { result, output } = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(result).toBe(1);
      expect(output).toMatch(/not a Griot backup/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
