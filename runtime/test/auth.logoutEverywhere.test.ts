import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { Store } from '../src/store/types.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/** Signs in over the API: the session cookie, as the browser keeps it. */
async function sessionCookie(server: TestServer, username: string): Promise<string> {
  const login = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

async function logIn(server: TestServer, username: string): Promise<ApiClient> {
  return apiClient(server.url, { cookie: await sessionCookie(server, username) });
}

let server: TestServer;
// One server for the file, its store holding each token's write while `held` is set (the request that was let in is then mid-way).
let held: { reached: () => void; release: Promise<void> } | null = null;
beforeAll(async () => {
  const dataDir = await makeDataDir();
  const real = new SqliteStore(join(dataDir, 'griot.db'));
  const store = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'putToken') return value.bind(target);
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
  for (const username of ['awa', 'kofi', 'ama']) {
    expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['editor'] })).status).toBe(201);
  }
});
afterAll(() => server.stop());

describe('logging out everywhere', () => {
  it('ends the session left open on another computer without a password change, and no one else’s', async () => {
    const office = await logIn(server, 'awa');
    const cybercafe = await logIn(server, 'awa');
    const colleague = await logIn(server, 'kofi');
    const ended = await office.post('/api/auth/logout-everywhere');
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    expect(ended.headers.get('set-cookie')).toMatch(/^griot_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(ended.headers.get('clear-site-data')).toBe('"cache"');
    expect((await cybercafe.get('/api/flows')).status).toBe(401);
    expect((await office.get('/api/auth/me')).status).toBe(401);
    expect((await colleague.get('/api/flows')).status).toBe(200);
    // The password still opens a new session: nothing was locked, only the old sessions ended.
    expect((await (await logIn(server, 'awa')).get('/api/flows')).status).toBe(200);
    const audit = await server.admin.get('/api/audit?limit=50');
    expect(audit.body.find((e: { action: string }) => e.action === 'auth.logoutEverywhere')).toMatchObject({
      actor: 'awa',
      target: expect.stringMatching(/^user:/),
      details: { sessionsEnded: 2, tokensRevoked: 0 },
    });
  });

  it('keeps API tokens unless asked, and revokes them all when asked', async () => {
    const browser = await logIn(server, 'kofi');
    const made = await browser.post('/api/tokens', { name: 'crm sync' });
    expect(made.status).toBe(201);
    const script = apiClient(server.url, { token: made.body.token });
    expect((await script.post('/api/auth/logout-everywhere')).body).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    expect((await browser.get('/api/flows')).status).toBe(401);
    expect((await script.get('/api/flows')).status).toBe(200);
    const again = await logIn(server, 'kofi');
    expect((await again.post('/api/auth/logout-everywhere', { revokeApiTokens: true })).body).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    expect((await script.get('/api/flows')).status).toBe(401);
  });

  it('refuses the admin token, which opens no session, and an unknown option', async () => {
    const refused = await server.admin.post('/api/auth/logout-everywhere');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('no_user');
    const awa = await logIn(server, 'awa');
    expect((await awa.post('/api/auth/logout-everywhere', { everyone: true })).status).toBe(400);
    expect((await awa.get('/api/flows')).status).toBe(200);
    expect((await server.anonymous.post('/api/auth/logout-everywhere')).status).toBe(401);
  });
});

describe('signing in on a browser that held a session', () => {
  it('ends the session it replaces: the next person on a shared computer leaves no one’s session open', async () => {
    const sharedComputer = await sessionCookie(server, 'awa');
    const awa = apiClient(server.url, { cookie: sharedComputer });
    const other = await logIn(server, 'awa');
    // Kofi signs in on the computer Awa left signed in: the browser sends Awa's cookie with his login.
    const login = await server.anonymous.as({ cookie: sharedComputer }).post('/api/auth/login', { username: 'kofi', password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await awa.get('/api/auth/me')).status).toBe(401);
    // Awa's session on her own computer is not that browser's: it stays.
    expect((await other.get('/api/auth/me')).body.user.username).toBe('awa');
    const kofi = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    expect((await kofi.get('/api/auth/me')).body.user.username).toBe('kofi');
    const audit = await server.admin.get('/api/audit?limit=50');
    expect(audit.body.find((e: { action: string; actor: string }) => e.action === 'auth.login' && e.actor === 'kofi').details).toMatchObject({ replacedSessionOf: expect.stringMatching(/^user:/) });
  });

  it('logs in as before with an expired or unknown cookie', async () => {
    const login = await server.anonymous.as({ cookie: 'griot_session=not-a-session' }).post('/api/auth/login', { username: 'kofi', password: PASSWORD });
    expect(login.status).toBe(200);
  });
});

describe('a token asked for by a session that is being logged out everywhere', () => {
  it('does not outlive the logout: the copied cookie leaves no working token behind', async () => {
    const copied = await logIn(server, 'ama');
    const own = await logIn(server, 'ama');
    let reached!: () => void;
    let release!: () => void;
    const atWrite = new Promise<void>((resolve) => (reached = resolve));
    held = { reached, release: new Promise<void>((resolve) => (release = resolve)) };
    const minting = copied.post('/api/tokens', { name: 'exfiltration' });
    await atWrite;
    held = null;
    expect((await own.post('/api/auth/logout-everywhere', { revokeApiTokens: true })).body).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    release();
    const minted = await minting;
    expect(minted.status).toBe(401);
    const again = await logIn(server, 'ama');
    expect((await again.get('/api/tokens')).body).toEqual([]);
  });
});

describe('two instances on one database', () => {
  it('a session logged out everywhere on one instance is refused by the other at its very next request', async () => {
    const other = await startTestServer({ env: { GRIOT_SQLITE_PATH: join(server.dataDir, 'griot.db') } });
    try {
      const onOther = apiClient(other.url, { cookie: await sessionCookie(other, 'awa') });
      expect((await onOther.get('/api/auth/me')).status).toBe(200);
      const here = await logIn(server, 'awa');
      expect((await here.post('/api/auth/logout-everywhere')).status).toBe(200);
      expect((await onOther.get('/api/auth/me')).status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});
