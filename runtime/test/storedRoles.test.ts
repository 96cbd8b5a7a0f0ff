import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/store/types.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(() => server?.stop());

describe('a user row whose roles are not a list of known roles', () => {
  it('grants nothing: "readmin" (a string) is no admin, an unknown role is no 500', async () => {
    const ama = await userWithRoles(server, 'ama', ['viewer']);
    const kofi = await userWithRoles(server, 'kofi', ['viewer']);
    expect((await ama.get('/api/users')).status).toBe(403);
    // The row as a MongoDB edited by hand, or a backup restored before restore checked users, leaves it.
    const edit = async (username: string, roles: unknown) => {
      const row = await server.store.getUserByName(username);
      await server.store.putUser({ ...row, roles } as unknown as User);
    };
    await edit('ama', 'readmin');
    await edit('kofi', ['superadmin', 'viewer']);
    // The same browser session, its next request: read from the row as it is now.
    expect((await ama.get('/api/users')).status).toBe(403);
    expect((await ama.get('/api/audit')).status).toBe(403);
    expect((await kofi.get('/api/users')).status).toBe(403);
    expect((await kofi.get('/api/flows')).status).toBe(200);
    // An admin lists them with what they really hold.
    const listed = (await server.admin.get('/api/users')).body as Array<{ username: string; roles: unknown }>;
    expect(listed.find((u) => u.username === 'ama')?.roles).toEqual([]);
    expect(listed.find((u) => u.username === 'kofi')?.roles).toEqual(['viewer']);
  }, 60_000);
});
