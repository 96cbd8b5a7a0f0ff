import { describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

describe('restart on the same DATA_DIR', () => {
  it('keeps flows, versions, environments, users and login sessions', async () => {
    const dataDir = await makeDataDir();
    const first = await startTestServer({ dataDir });
    await first.admin.post('/api/flows', { document: testFlow() });
    await first.admin.post('/api/flows/hotline/publish', { message: 'v1' });
    await first.admin.post('/api/flows/hotline/environments/staging', { version: 1 });
    await first.admin.post('/api/flows/hotline/environments/production', { version: 1 });
    await first.admin.post('/api/users', { username: 'vera', password: 'a long password', roles: ['viewer'] });
    const login = await first.anonymous.post('/api/auth/login', { username: 'vera', password: 'a long password' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const before = (await first.admin.get('/api/flows/hotline')).body;
    await first.stop({ keepData: true });

    const second = await startTestServer({ dataDir });
    try {
      expect(second.announcements).toEqual([]); // admin exists: no new password
      const after = (await second.admin.get('/api/flows/hotline')).body;
      expect(after).toEqual(before);
      expect(after.environments).toMatchObject({ staging: { version: 1 }, production: { version: 1 } });
      const me = await second.anonymous.as({ cookie }).get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe('vera');
    } finally {
      await second.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
