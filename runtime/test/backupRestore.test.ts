import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { restoreCommand } from '../src/cli/restoreCommand.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { hashPassword } from '../src/auth/passwords.ts';

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
      // The audit log was written a page at a time (as the scheduled backups write it), and counted as written.
      expect(written.audit.length).toBeGreaterThan(0);
      expect(backup.output).toContain(`${written.audit.length} audit entries`);
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
        const served = await fetch(`${target.url}/audio/hotline/fon/menu.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
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
        const served = await fetch(`${server.url}/audio/hotline/fon/menu.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
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

  it("refuses, before writing anything, a backup past this Griot's limits (flows, prompts' quotas), naming each limit and the setting that raises it", { timeout: 20_000 }, async () => {
    const [sourceDir, targetDir] = await Promise.all([makeDataDir(), makeDataDir()]);
    const file = join(sourceDir, '..', `griot-backup-limits-${process.pid}-${Date.now()}.json`);
    try {
      const source = await startTestServer({ dataDir: sourceDir });
      for (const id of ['one', 'two', 'three']) expect((await source.admin.post('/api/flows', { document: testFlow({ id }) })).status).toBe(201);
      // Prompts of 0.8 MiB: two in one flow (1.6 MiB), one in another; 2.4 MiB in all.
      const header = Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1');
      for (const [flowId, name] of [
        ['one', 'fon/menu.wav'],
        ['one', 'fr/menu.wav'],
        ['two', 'fon/menu.wav'],
      ] as const) {
        const content = Buffer.concat([header, Buffer.alloc(838_861 - header.length, 7)]);
        const sha256 = createHash('sha256').update(content).digest('hex');
        await source.store.audio.putAudio({ flowId, name, contentType: 'audio/wav', bytes: content.length, sha256, uploadedAt: new Date().toISOString() }, content);
      }
      await source.stop({ keepData: true });
      expect((await quietly(() => backupCommand(file, {}, { DATA_DIR: sourceDir }))).result).toBe(0);

      const refused = await quietly(() => restoreCommand(file, { DATA_DIR: targetDir, GRIOT_MAX_FLOWS: '2', GRIOT_AUDIO_MAX_MB_PER_FLOW: '1', GRIOT_AUDIO_MAX_MB: '2' }));
      expect(refused.result).toBe(1);
      expect(refused.output).toContain('nothing was restored');
      expect(refused.output).toContain('3 flows (archived ones included), past GRIOT_MAX_FLOWS=2: set GRIOT_MAX_FLOWS=3 or more');
      expect(refused.output).toContain('flow "one": 2 MiB of recorded prompts, past GRIOT_AUDIO_MAX_MB_PER_FLOW=1: set GRIOT_AUDIO_MAX_MB_PER_FLOW=2 or more');
      expect(refused.output).not.toContain('flow "two"');
      expect(refused.output).toContain('3 MiB of recorded prompts in all, past GRIOT_AUDIO_MAX_MB=2: set GRIOT_AUDIO_MAX_MB=3 or more');
      // Nothing was written: the store was not even opened.
      expect(await readdir(targetDir).catch(() => [])).toEqual([]);

      // Within the limits, the same file restores.
      const restored = await quietly(() => restoreCommand(file, { DATA_DIR: targetDir, GRIOT_MAX_FLOWS: '3', GRIOT_AUDIO_MAX_MB_PER_FLOW: '2', GRIOT_AUDIO_MAX_MB: '3' }));
      expect(restored.result, restored.output).toBe(0);
      expect(restored.output).toMatch(/3 flow\(s\).*3 audio file/);
    } finally {
      await Promise.all([rm(sourceDir, { recursive: true, force: true }), rm(targetDir, { recursive: true, force: true }), rm(file, { force: true })]);
    }
  });

  it('refuses an edited backup whose flow holds more versions than a flow keeps', async () => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, 'many-versions.json');
    const versions = Array.from({ length: 2_001 }, (_, i) => ({ flowId: 'hotline', number: i + 1, createdAt: '2026-10-01T10:00:00.000Z', message: 'v', document: {} }));
    await writeFile(
      file,
      JSON.stringify({
        format: 'griot-backup',
        formatVersion: 1,
        createdAt: '2026-10-01T10:00:00.000Z',
        flows: [],
        drafts: [],
        versions,
        environments: [],
        bindings: [],
        sessions: [],
        callers: [],
        transcripts: [],
        audit: [],
        users: [],
        tokens: [],
      }),
    );
    try {
      const { result, output } = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(result).toBe(1);
      expect(output).toContain('flow "hotline": 2001 versions, past the 2,000 a flow keeps');
      expect(await readdir(join(dataDir, 'store')).catch(() => [])).toEqual([]);
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

  it('refuses, writing nothing, users this Griot could not serve: a role it does not know, roles that are no list, a name held but for case', async () => {
    const dataDir = await makeDataDir();
    const passwordHash = await hashPassword('correct horse battery');
    const user = (id: string, username: string, roles: unknown) => ({ id, username, displayName: username, passwordHash, roles, createdAt: '2026-10-01T10:00:00.000Z', disabled: false });
    const backupOf = (users: unknown[]) =>
      JSON.stringify({
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
        tokens: [],
        users,
      });
    try {
      // Restored, each one broke the server: `readmin` signed in as an admin (a string's includes('admin')),
      // `superadmin` got 500 on each request, `null` roles stopped the server at start; `Admin` sat beside `admin`.
      const cases: Array<[unknown[], string]> = [
        [[user('u1', 'admin', ['admin']), user('u4', 'ama', 'readmin')], 'user "ama": roles:'],
        [[user('u1', 'admin', ['admin']), user('u3', 'kofi', ['superadmin'])], 'user "kofi": roles.0:'],
        [[user('u1', 'admin', ['admin']), user('u5', 'yaw', null)], 'user "yaw": roles:'],
        [[user('u1', 'admin', ['admin']), user('u2', 'Admin', ['viewer'])], 'user "Admin": the same name as user "admin" but for case'],
      ];
      for (const [i, [users, said]] of cases.entries()) {
        const file = join(dataDir, `users-${i}.json`);
        await writeFile(file, backupOf(users));
        const { result, output } = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
        expect(result).toBe(1);
        expect(output).toContain('nothing was restored');
        expect(output).toContain(said);
        expect(await readdir(join(dataDir, 'store')).catch(() => [])).toEqual([]);
      }
      // A user of a newer release's fields (unknown here) restores, and signs in with the rights they had.
      const file = join(dataDir, 'fine.json');
      await writeFile(file, backupOf([user('u1', 'admin', ['admin']), { ...user('u6', 'esi', ['agent']), preferredTheme: 'dark' }]));
      const { result } = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(result).toBe(0);
      const server = await startTestServer({ dataDir: join(dataDir, 'store') });
      try {
        const login = await server.anonymous.post('/api/auth/login', { username: 'esi', password: 'correct horse battery' });
        expect(login.status).toBe(200);
        expect(login.body).toMatchObject({ user: { username: 'esi', roles: ['agent'] } });
      } finally {
        await server.stop({ keepData: true });
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
