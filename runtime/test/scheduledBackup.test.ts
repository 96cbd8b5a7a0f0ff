import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restoreCommand } from '../src/cli/restoreCommand.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * The restore drill of docs/deploy.md, as an operator runs it: a server takes scheduled backups
 * (GRIOT_BACKUP_CRON, here every second) into GRIOT_BACKUP_DIR; the newest is restored into a
 * fresh store with `griot restore`, and a server started on it answers as the first did.
 */
describe('the restore drill', () => {
  it('restores a scheduled backup into a fresh store, and a server on it answers as the first one did', async () => {
    const [sourceDir, targetDir, backups] = await Promise.all([makeDataDir(), makeDataDir(), makeDataDir()]);
    try {
      const source = await startTestServer({
        dataDir: sourceDir,
        env: { GRIOT_BACKUP_CRON: '* * * * * *', GRIOT_BACKUP_DIR: backups, GRIOT_BACKUP_KEEP: '3', GRIOT_JOB_LEASE_SECONDS: '3', GRIOT_TIMEZONE: 'UTC' },
      });
      const paths = ['/api/flows', '/api/flows/hotline', '/api/flows/hotline/export', '/api/bindings', '/api/users', '/api/flows/hotline/audio'];
      let before: unknown[];
      let newest: string;
      const wav = toneWav();
      try {
        await source.admin.post('/api/flows', { document: testFlow() });
        await source.admin.post('/api/flows/hotline/publish', { message: 'v1' });
        await source.admin.post('/api/flows/hotline/environments/production', { version: 1 });
        await source.admin.post('/api/bindings', { channel: 'voice', address: '1919', flowId: 'hotline' });
        const uploaded = await fetch(`${source.url}/api/flows/hotline/audio?name=fon/menu.wav`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: wav });
        expect(uploaded.status).toBe(201);
        before = await Promise.all(paths.map(async (p) => (await source.admin.get(p)).body));
        const startedAt = new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '');
        // A backup taken after everything above was saved.
        await vi.waitFor(
          async () => {
            const files = (await readdir(backups)).filter((f) => f.endsWith('.json')).sort();
            expect(files.at(-1)! > `griot-backup-${startedAt}.json`).toBe(true);
            newest = files.at(-1)!;
          },
          { timeout: 15_000, interval: 200 },
        );
        // Retention keeps the newest three at most.
        await vi.waitFor(async () => expect((await readdir(backups)).filter((f) => f.endsWith('.json')).length).toBe(3), { timeout: 15_000, interval: 200 });
        expect((await readdir(backups)).every((f) => /^griot-backup-\d{8}T\d{6}Z\.json$/.test(f))).toBe(true);
      } finally {
        await source.stop({ keepData: true });
      }

      const lines: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
      let code: number;
      try {
        code = await restoreCommand(join(backups, newest!), { DATA_DIR: targetDir });
      } finally {
        spy.mockRestore();
      }
      expect(code, lines.join('\n')).toBe(0);
      const target = await startTestServer({ dataDir: targetDir });
      try {
        expect(await Promise.all(paths.map(async (p) => (await target.admin.get(p)).body))).toEqual(before!);
        const served = await fetch(`${target.url}/audio/hotline/fon/menu.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(Buffer.from(await served.arrayBuffer()).equals(wav)).toBe(true);
      } finally {
        await target.stop({ keepData: true });
      }
    } finally {
      await Promise.all([sourceDir, targetDir, backups].map((d) => rm(d, { recursive: true, force: true })));
    }
  }, 60_000);
});
