import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { loginFrom, requestFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const GRIOT = fileURLToPath(new URL('../bin/griot.mjs', import.meta.url));
const run = promisify(execFile);

/** `npx griot …` in its own process, on the server's DATA_DIR, as an admin at the console would. */
async function griot(dataDir: string, ...args: string[]) {
  return griotWith({}, dataDir, ...args);
}

/** The same with more environment (the server's GRIOT_ANALYTICS_KEY, or another). */
async function griotWith(env: Record<string, string>, dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [GRIOT, ...args], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, GRIOT_DEMO: '0', LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const passwordIn = (block: string) => /^## {4}password: (\S+)$/m.exec(block)?.[1];

/** A block a log collector cannot take for log lines: framed, every line commented, none JSON. */
function expectFramed(block: string) {
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  expect(lines[0]).toMatch(/^#{78}$/);
  expect(lines.at(-1)).toMatch(/^#{78}$/);
  for (const line of lines) expect(line.startsWith('#')).toBe(true);
  expect(block).toMatch(/shown (only )?(this )?once/i);
  expect(block).toContain('npx griot users reset-password');
}

// The CLI is a second Node process (tsx start-up, then the store's checkpoint worker stopping):
// seconds, not milliseconds, on a busy machine.
describe('recovering access without a database tool', { timeout: 60_000 }, () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('shows the first admin password once in a framed block, and the JSON log only says that it did', async () => {
    const logLines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
    const server = await startTestServer({ start: { logger } });
    servers.push(server);
    expect(server.announcements).toHaveLength(1);
    const block = server.announcements[0]!;
    expectFramed(block);
    const password = passwordIn(block)!;
    expect(password).toMatch(/^\S{20}$/);
    expect(logLines.join('')).not.toContain(password);
    expect(logLines.some((l) => JSON.parse(l).event === 'auth.bootstrapAdmin')).toBe(true);
    expect((await server.anonymous.post('/api/auth/login', { username: 'admin', password })).status).toBe(200);
  });

  it('griot users reset-password, run while the server serves, prints a new password that logs in at once, lifting the block', async () => {
    const server = await startTestServer();
    servers.push(server);
    const firstPassword = passwordIn(server.announcements[0]!)!;
    // Locked out: the admin mistyped until blocked.
    for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.1', server.url, 'admin', `typo-${i}`)).status).toBe(401);
    expect((await loginFrom('127.0.0.1', server.url, 'admin', firstPassword)).status).toBe(429);

    const reset = await griot(server.dataDir, 'users', 'reset-password', 'admin');
    expect(reset.code).toBe(0);
    expectFramed(reset.stdout);
    expect(reset.stdout).toMatch(/Login blocks on this account were lifted \([1-9]\d* counter\(s\) cleared\)/);
    const newPassword = passwordIn(reset.stdout)!;
    expect(newPassword).toMatch(/^\S{20}$/);
    expect(newPassword).not.toBe(firstPassword);

    const login = await loginFrom('127.0.0.1', server.url, 'admin', newPassword);
    expect(login.status).toBe(200);
    expect((await loginFrom('127.0.0.2', server.url, 'admin', firstPassword)).status).toBe(401);
    const audit = (await server.admin.get('/api/audit?limit=20')).body as Array<{ action: string; actor: string; details?: Record<string, unknown> }>;
    expect(audit.find((e) => e.action === 'user.resetPassword')).toMatchObject({ actor: 'cli', details: { username: 'admin' } });
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it('griot users reset-password run without the server’s GRIOT_ANALYTICS_KEY, or with another, says so and changes nothing; with it, lifts the block', async () => {
    const KEY = 'the-servers-analytics-key-0123456789';
    const server = await startTestServer({ env: { GRIOT_ANALYTICS_KEY: KEY } });
    servers.push(server);
    const firstPassword = passwordIn(server.announcements[0]!)!;
    for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.1', server.url, 'admin', `typo-${i}`)).status).toBe(401);
    expect((await loginFrom('127.0.0.1', server.url, 'admin', firstPassword)).status).toBe(429);

    // The account's login counters are named with the server's key: with another, the block would stay.
    for (const env of [{}, { GRIOT_ANALYTICS_KEY: 'another-analytics-key-0123456789' }] as Array<Record<string, string>>) {
      const refused = await griotWith(env, server.dataDir, 'users', 'reset-password', 'admin');
      expect(refused.code).toBe(78);
      expect(refused.stderr).toContain('GRIOT_ANALYTICS_KEY');
      expect(refused.stderr).toContain('the account was not changed');
      expect(refused.stdout).not.toMatch(/password:/);
    }
    const audit = (await server.admin.get('/api/audit?limit=20')).body as Array<{ action: string }>;
    expect(audit.some((e) => e.action === 'user.resetPassword')).toBe(false);

    const reset = await griotWith({ GRIOT_ANALYTICS_KEY: KEY }, server.dataDir, 'users', 'reset-password', 'admin');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Login blocks on this account were lifted \([1-9]\d* counter\(s\) cleared\)/);
    expect((await loginFrom('127.0.0.1', server.url, 'admin', passwordIn(reset.stdout)!)).status).toBe(200);
  });

  it('griot users reset-password makes the user choose their own password at the next login, and logs their browsers out', async () => {
    const server = await startTestServer();
    servers.push(server);
    const first = await loginFrom('127.0.0.1', server.url, 'admin', passwordIn(server.announcements[0]!)!);
    const firstCookie = String(first.headers['set-cookie']).split(';')[0]!;
    const changed = await requestFrom('127.0.0.1', server.url, 'POST', '/api/auth/password', {
      body: { currentPassword: passwordIn(server.announcements[0]!), newPassword: 'the admin forgot this one' },
      headers: { cookie: firstCookie },
    });
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await requestFrom('127.0.0.1', server.url, 'GET', '/api/flows', { headers: { cookie: firstCookie } })).status).toBe(200);

    const reset = await griot(server.dataDir, 'users', 'reset-password', 'admin');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('1 browser session(s) of admin were logged out.');
    expect((await requestFrom('127.0.0.1', server.url, 'GET', '/api/auth/me', { headers: { cookie: firstCookie } })).status).toBe(401);

    const login = await loginFrom('127.0.0.1', server.url, 'admin', passwordIn(reset.stdout)!);
    expect(login.body.user.mustChangePassword).toBe(true);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const flows = await requestFrom('127.0.0.1', server.url, 'GET', '/api/flows', { headers: { cookie } });
    expect(flows.status).toBe(403);
    expect(flows.body.error.code).toBe('password_change_required');
  });

  it('says which users exist when the name is wrong, and changes nothing', async () => {
    const server = await startTestServer();
    servers.push(server);
    const reset = await griot(server.dataDir, 'users', 'reset-password', 'admn');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toMatch(/no user named "admn" .*; users: admin/);
    expect(reset.stdout).not.toMatch(/password:/);
    expect((await server.anonymous.post('/api/auth/login', { username: 'admin', password: passwordIn(server.announcements[0]!) })).status).toBe(200);
  });

  it("lifts an account's login blocks when an admin sets a new password over the API", async () => {
    const server = await startTestServer();
    servers.push(server);
    await server.admin.post('/api/users', { username: 'awa', password: 'correct horse battery', roles: ['viewer'] });
    for (let i = 0; i < 6; i++) await loginFrom('127.0.0.3', server.url, 'awa', 'wrong');
    expect((await loginFrom('127.0.0.3', server.url, 'awa', 'correct horse battery')).status).toBe(429);
    const awa = (await server.admin.get('/api/users')).body.find((u: { username: string }) => u.username === 'awa');
    expect((await server.admin.patch(`/api/users/${awa.id}`, { password: 'a brand new password' })).status).toBe(200);
    expect((await loginFrom('127.0.0.3', server.url, 'awa', 'a brand new password')).status).toBe(200);
  });
});
