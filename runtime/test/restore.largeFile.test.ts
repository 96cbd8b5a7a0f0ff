import { constants } from 'node:buffer';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { restoreBackup } from '../src/cli/restoreCommand.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer } from './helpers/testServer.ts';

const quietly = async <T>(run: () => Promise<T>): Promise<{ result: T; output: string }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    return { result: await run(), output: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
};

describe('griot restore of a backup larger than the longest string', () => {
  // A backup with its recorded audio passes V8's longest string (about 512 MiB) easily: restore
  // used to read the file as one string and said "Invalid string length". Here the file is a real
  // backup made longer than that with blanks (JSON allows them), streamed from memory: no 600 MB on disk.
  it('restores it whole, prompts included', { timeout: 120_000 }, async () => {
    const [sourceDir, targetDir] = await Promise.all([makeDataDir(), makeDataDir()]);
    const file = join(sourceDir, '..', `griot-backup-large-${process.pid}-${Date.now()}.json`);
    try {
      const source = await startTestServer({ dataDir: sourceDir });
      await source.admin.post('/api/flows', { document: testFlow() });
      const wav = toneWav();
      const uploaded = await fetch(`${source.url}/api/flows/hotline/audio?name=fon/menu.wav`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
        body: wav,
      });
      expect(uploaded.status).toBe(201);
      const before = (await source.admin.get('/api/flows/hotline')).body;
      await source.stop({ keepData: true });
      expect((await quietly(() => backupCommand(file, {}, { DATA_DIR: sourceDir }))).result).toBe(0);

      const written = await readFile(file);
      const blanks = Buffer.alloc(4 * 1024 * 1024, ' ');
      let length = 0;
      async function* longer() {
        const give = (bytes: Buffer) => {
          length += bytes.length;
          return bytes;
        };
        yield give(written.subarray(0, 1));
        for (let n = 0; n <= constants.MAX_STRING_LENGTH; n += blanks.length) yield give(blanks);
        // The rest in pieces that cut records, strings and characters anywhere.
        for (let at = 1; at < written.length; at += 997) yield give(written.subarray(at, at + 997));
      }

      const restored = await quietly(() => restoreBackup(longer(), 'large.json', { DATA_DIR: targetDir }));
      expect(length).toBeGreaterThan(constants.MAX_STRING_LENGTH);
      expect(restored.output).toMatch(/restored large\.json .*1 flow\(s\).*1 audio file/);
      expect(restored.result).toBe(0);

      const target = await startTestServer({ dataDir: targetDir });
      try {
        expect((await target.admin.get('/api/flows/hotline')).body).toEqual(before);
        const served = await fetch(`${target.url}/audio/hotline/fon/menu.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(served.status).toBe(200);
        expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      } finally {
        await target.stop({ keepData: true });
      }
    } finally {
      await Promise.all([rm(sourceDir, { recursive: true, force: true }), rm(targetDir, { recursive: true, force: true }), rm(file, { force: true })]);
    }
  });

  it('says where a file is cut short, and restores nothing', async () => {
    const dataDir = await makeDataDir();
    try {
      async function* cut() {
        yield Buffer.from('{"format":"griot-backup","formatVersion":1,"createdAt":"2026-12-05T00:00:00.000Z","flows":[{"id":"a"');
      }
      const { result, output } = await quietly(() => restoreBackup(cut(), 'cut.json', { DATA_DIR: join(dataDir, 'store') }));
      expect(result).toBe(1);
      expect(output).toMatch(/cannot read cut\.json: the file ends before the backup does/);
      expect(existsSync(join(dataDir, 'store'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
