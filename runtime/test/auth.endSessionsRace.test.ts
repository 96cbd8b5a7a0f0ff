import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { Store } from '../src/store/types.ts';
import { apiClient } from './helpers/http.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

let server: TestServer;
const ids = new Map<string, string>();
// While `held` is set, a sign-in's session write waits: its password was checked, its session not yet written.
let held: { reached: () => void; release: Promise<void> } | null = null;
beforeAll(async () => {
  const dataDir = await makeDataDir();
  const real = new SqliteStore(join(dataDir, 'griot.db'));
  const store = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'putLoginSession') return value.bind(target);
      return async (...args: unknown[]) => {
        const hold = held;
        if (hold) {
          hold.reached();
          await hold.release;
        }
        return value.apply(target, args);
      };
    },
  }) as Store;
  server = await startTestServer({ dataDir, start: { store } });
  for (const [username, roles] of [
    ['kofi', ['agent']],
    ['awa', ['editor']],
  ] as const) {
    const created = await server.admin.post('/api/users', { username, password: PASSWORD, roles });
    expect(created.status).toBe(201);
    ids.set(username, created.body.id);
  }
});
afterAll(() => server.stop());

/** Starts a sign-in and holds it between its password check and its session's write; `release` lets it finish. */
async function heldSignIn(username: string) {
  let reached = () => {};
  let release = () => {};
  const atWrite = new Promise<void>((resolve) => (reached = resolve));
  held = { reached, release: new Promise<void>((resolve) => (release = resolve)) };
  const answer = server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  await atWrite;
  held = null;
  return {
    async finish() {
      release();
      return answer;
    },
  };
}

describe('a sign-in racing the end of the user’s sessions', () => {
  it('ends the session the thief was opening on the stolen laptop as the admin clicked « Fermer ses sessions »', async () => {
    const thief = await heldSignIn('kofi');
    const ended = await server.admin.post(`/api/users/${ids.get('kofi')}/end-sessions`, {});
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const login = await thief.finish();
    expect(login.status).toBe(401);
    const audit = await server.admin.get('/api/audit?limit=20');
    expect(audit.body.find((e: { action: string }) => e.action === 'auth.loginEnded')).toMatchObject({ actor: 'kofi' });
    // Kofi, at another computer afterwards, signs in with his password.
    const after = await server.anonymous.post('/api/auth/login', { username: 'kofi', password: PASSWORD });
    expect(after.status).toBe(200);
    expect((await apiClient(server.url, { cookie: after.headers.get('set-cookie')!.split(';')[0]! }).get('/api/agent/queues')).status).toBe(200);
  });

  it('ends a sign-in under way when the account is disabled', async () => {
    const signIn = await heldSignIn('awa');
    expect((await server.admin.patch(`/api/users/${ids.get('awa')}`, { disabled: true })).status).toBe(200);
    expect((await signIn.finish()).status).toBe(401);
  });
});
