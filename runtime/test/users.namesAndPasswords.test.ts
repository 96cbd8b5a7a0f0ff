import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { join } from 'node:path';

const PASSWORD = 'correct horse battery';

describe('usernames and passwords an admin can give', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await userWithRoles(server, 'awa', ['agent']);
  });
  afterAll(() => server?.stop());

  const create = (username: string, password = PASSWORD) => server.admin.post('/api/users', { username, password, roles: ['viewer'] });

  it('refuses the names the audit log gives Griot itself, in any case', async () => {
    for (const username of ['retention', 'admin-token', 'cli', 'anonymous', 'system', 'Retention', 'CLI']) {
      const refused = await create(username);
      expect(refused.status, username).toBe(400);
      expect(refused.body.error, username).toMatchObject({ code: 'username_reserved', field: 'username' });
    }
  });

  it('refuses a name that differs from an existing one only by its case, naming the existing one', async () => {
    const refused = await create('AWA');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'username_taken', params: { username: 'awa' } });
    expect((await create('awa.k')).status).toBe(201);
  });

  it('creates one of two accounts whose names differ only by case, asked for at once', async () => {
    const answers = await Promise.all(['Moussa', 'moussa', 'MOUSSA'].map((username) => create(username)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.error).toMatchObject({ code: 'username_taken', field: 'username' });
    const users = (await server.admin.get('/api/users')).body as Array<{ username: string }>;
    expect(users.filter((u) => u.username.toLowerCase() === 'moussa')).toHaveLength(1);
  });

  it('refuses the username as password, one character repeated and the most common passwords, wherever a password is set', async () => {
    const cases: Array<[string, string]> = [
      ['fatou.diallo', 'password_is_username'],
      ['Fatou.Diallo2026', 'password_is_username'],
      ['aaaaaaaaaaaa', 'password_repeated_character'],
      ['1111111111', 'password_repeated_character'],
      ['password123', 'password_too_common'],
      ['Azertyuiop', 'password_too_common'],
      ['motdepasse123', 'password_too_common'],
    ];
    for (const [password, code] of cases) {
      const refused = await create('fatou.diallo', password);
      expect(refused.status, password).toBe(400);
      expect(refused.body.error, password).toMatchObject({ code, field: 'password' });
    }
    const created = await create('fatou.diallo');
    expect(created.status).toBe(201);
    // An admin setting it.
    const set = await server.admin.patch(`/api/users/${created.body.id}`, { password: '1234567890' });
    expect(set.body.error).toMatchObject({ code: 'password_too_common', field: 'password' });
    // The user changing their own.
    const login = await server.anonymous.post('/api/auth/login', { username: 'fatou.diallo', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const own = await fetch(`${server.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'FATOU.DIALLO' }),
    });
    expect(own.status).toBe(400);
    expect(((await own.json()) as { error: unknown }).error).toMatchObject({ code: 'password_is_username', field: 'newPassword' });
  });
});

describe('accounts whose names differ only by case, from before the check', () => {
  it('still start and log in', async () => {
    const dataDir = await makeDataDir();
    const store = new SqliteStore(join(dataDir, 'griot.db'));
    for (const username of ['moussa', 'Moussa'])
      await store.putUser({ id: randomUUID(), username, displayName: username, passwordHash: await hashPassword(PASSWORD), roles: ['viewer'], createdAt: new Date().toISOString(), disabled: false });
    await store.close();
    const server = await startTestServer({ dataDir });
    try {
      for (const username of ['moussa', 'Moussa']) expect((await server.anonymous.post('/api/auth/login', { username, password: PASSWORD })).status, username).toBe(200);
    } finally {
      await server.stop();
    }
  }, 20_000);
});
