import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * A password is hashed slowly (argon2): an admin's change to the account landing meanwhile (the
 * account disabled, other queues) is not undone by the password's write, over real HTTP and the
 * real embedded SQLite. The race is driven by holding the password's write until the admin's
 * change is done.
 */
const PASSWORD = 'correct horse battery';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(() => server.stop());

async function userId(username: string): Promise<string> {
  const users = (await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>;
  return users.find((u) => u.username === username)!.id;
}

/** The next write of a user waits until `meanwhile` (another admin's click) is done. */
function beforeNextUserWrite(meanwhile: () => Promise<unknown>): void {
  const store = server.store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const method = typeof store.patchUser === 'function' ? 'patchUser' : 'putUser';
  const write = store[method]!.bind(server.store);
  vi.spyOn(store, method).mockImplementationOnce(async (...args: unknown[]) => {
    await meanwhile();
    return write(...args);
  });
}

describe('an admin changing an account while its password is being changed', () => {
  it('keeps it disabled (and its new queues) when the user changes their own password meanwhile', async () => {
    expect((await server.admin.post('/api/users', { username: 'yao', password: PASSWORD, roles: ['agent'], queues: ['support-fr'] })).status).toBe(201);
    const id = await userId('yao');
    const login = await server.anonymous.post('/api/auth/login', { username: 'yao', password: PASSWORD });
    const yao = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });

    beforeNextUserWrite(async () => expect((await server.admin.patch(`/api/users/${id}`, { disabled: true, queues: ['support-en'] })).status).toBe(200));
    await yao.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a password of my own' });

    const users = (await server.admin.get('/api/users')).body as Array<{ username: string; disabled: boolean; queues?: string[] }>;
    expect(users.find((u) => u.username === 'yao')).toMatchObject({ disabled: true, queues: ['support-en'] });
    expect((await server.anonymous.post('/api/auth/login', { username: 'yao', password: 'a password of my own' })).status).not.toBe(200);
  });

  it('keeps it disabled when another admin sets its password meanwhile', async () => {
    expect((await server.admin.post('/api/users', { username: 'efua', password: PASSWORD, roles: ['agent'] })).status).toBe(201);
    const id = await userId('efua');

    beforeNextUserWrite(async () => expect((await server.admin.patch(`/api/users/${id}`, { disabled: true })).status).toBe(200));
    expect((await server.admin.patch(`/api/users/${id}`, { password: 'a password for efua' })).status).toBe(200);

    const users = (await server.admin.get('/api/users')).body as Array<{ username: string; disabled: boolean }>;
    expect(users.find((u) => u.username === 'efua')).toMatchObject({ disabled: true });
  });
});
