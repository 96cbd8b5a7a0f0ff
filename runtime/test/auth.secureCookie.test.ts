import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { loginFrom } from './helpers/fromAddress.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';

/** Whether each cookie a login answer sets carries the Secure flag. */
async function secureFlags(server: TestServer, headers: Record<string, string> = {}): Promise<boolean[]> {
  const answer = await loginFrom('127.0.0.1', server.url, 'awa', PASSWORD, headers);
  expect(answer.status).toBe(200);
  const cookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
  expect(cookies.length).toBeGreaterThan(0);
  return cookies.map((c) => /;\s*Secure/i.test(c));
}

describe('the session cookie behind a TLS proxy', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function start(env: Record<string, string>, logger?: ReturnType<typeof createLogger>) {
    const server = await startTestServer({ env, ...(logger ? { start: { logger } } : {}) });
    servers.push(server);
    expect((await server.admin.post('/api/users', { username: 'awa', password: PASSWORD, roles: ['viewer'] })).status).toBe(201);
    return server;
  }

  it('is Secure when a trusted proxy says the request came over https, without GRIOT_PUBLIC_URL', async () => {
    const server = await start({ GRIOT_TRUST_PROXY: 'loopback' });
    expect(await secureFlags(server, { 'x-forwarded-proto': 'https' })).toEqual([true, true]);
    expect(await secureFlags(server, { 'x-forwarded-proto': 'http' })).toEqual([false, false]);
  });

  it('ignores X-Forwarded-Proto from a client no GRIOT_TRUST_PROXY names', async () => {
    const server = await start({});
    expect(await secureFlags(server, { 'x-forwarded-proto': 'https' })).toEqual([false, false]);
  });

  it('is Secure whatever the request when GRIOT_PUBLIC_URL is https', async () => {
    const server = await start({ GRIOT_PUBLIC_URL: 'https://griot.example.bj' });
    expect(await secureFlags(server)).toEqual([true, true]);
  });

  it('warns at start-up in production when neither is set', async () => {
    const warnings = async (env: Record<string, string>) => {
      const lines: Array<{ msg: string }> = [];
      await start({ NODE_ENV: 'production', ...env }, createLogger({ logLevel: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
      return lines.filter((l) => /Secure flag/.test(l.msg)).length;
    };
    expect(await warnings({})).toBe(1);
    expect(await warnings({ GRIOT_TRUST_PROXY: '1' })).toBe(0);
    expect(await warnings({ GRIOT_PUBLIC_URL: 'https://griot.example.bj' })).toBe(0);
  });
});
