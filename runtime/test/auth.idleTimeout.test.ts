import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { Store } from '../src/store/types.ts';
import { openEventStream } from './helpers/eventStream.ts';
import { apiClient } from './helpers/http.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';
const SETTINGS = { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };

/**
 * A browser session left open on a shared computer ends once nobody used it for
 * GRIOT_LOGIN_IDLE_MINUTES (30 by default), whatever the page keeps polling; an agent who works
 * with the inbox open stays signed in.
 */
describe('the idle timeout of a browser session', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  async function setUp(env: Record<string, string> = {}) {
    const clock = { ms: Date.now() };
    const server = await startTestServer({ env, start: { now: () => new Date(clock.ms).toISOString() } });
    servers.push(server);
    const signIn = async (username: string, roles: string[]) => {
      expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles })).status).toBe(201);
      const login = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const client = apiClient(server.url, { cookie });
      // What the designer's polls send: made by the page, not by its user.
      const poll = (path: string) => client.call('GET', path, undefined, { 'x-griot-background': '1' });
      return { cookie, client, poll };
    };
    const pass = (minutes: number) => {
      clock.ms += minutes * MINUTE;
    };
    return { server, signIn, pass };
  }

  it('ends a session nobody used for 30 minutes, with the login page’s « session expirée » (401) and an audit entry', async () => {
    const { server, signIn, pass } = await setUp();
    const { client } = await signIn('awa', ['editor']);
    pass(29);
    expect((await client.get('/api/flows')).status).toBe(200);
    pass(29);
    // 58 minutes signed in, 29 since she last did something: still hers.
    expect((await client.get('/api/flows')).status).toBe(200);
    pass(31);
    expect((await client.get('/api/flows')).status).toBe(401);
    expect((await client.get('/api/auth/session')).body).toEqual({ user: null });
    const audit = await server.admin.get('/api/audit?limit=20');
    expect(audit.body.find((e: { action: string }) => e.action === 'auth.idleTimeout')).toMatchObject({ actor: 'awa', details: { idleMinutes: 30 } });
  });

  it('audits a session found idle once, when two requests (two instances) find it idle at the same moment', async () => {
    const clock = { ms: Date.now() };
    const dataDir = await makeDataDir();
    const real = new SqliteStore(join(dataDir, 'griot.db'));
    // While `race` is set, each request's read of the session waits for the other's: both find it idle, as two instances may.
    let race: { reads: number; bothRead: () => void; released: Promise<void> } | null = null;
    const store = new Proxy(real, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'getLoginSession') return value.bind(target);
        return async (...args: unknown[]) => {
          const read = await value.apply(target, args);
          const held = race;
          if (held) {
            held.reads += 1;
            if (held.reads === 2) held.bothRead();
            await held.released;
          }
          return read;
        };
      },
    }) as Store;
    const server = await startTestServer({ dataDir, start: { store, now: () => new Date(clock.ms).toISOString() } });
    servers.push(server);
    expect((await server.admin.post('/api/users', { username: 'afi', password: PASSWORD, roles: ['editor'] })).status).toBe(201);
    const login = await server.anonymous.post('/api/auth/login', { username: 'afi', password: PASSWORD });
    const client = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    clock.ms += 31 * MINUTE;
    let bothRead = () => {};
    race = { reads: 0, bothRead: () => bothRead(), released: new Promise<void>((resolve) => (bothRead = resolve)) };
    // Her two open tabs ask something as she comes back.
    const answers = await Promise.all([client.get('/api/flows'), client.get('/api/flows')]);
    race = null;
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    const audit = await server.admin.get('/api/audit?limit=50');
    expect(audit.body.filter((e: { action: string }) => e.action === 'auth.idleTimeout')).toHaveLength(1);
  });

  it('does not count what the page polls by itself as use', async () => {
    const { signIn, pass } = await setUp();
    const { client, poll } = await signIn('kofi', ['editor']);
    for (const minutes of [10, 10, 9]) {
      pass(minutes);
      expect((await poll('/api/flows')).status).toBe(200);
    }
    // 31 minutes since he last did something, polled all along.
    pass(2);
    expect((await poll('/api/flows')).status).toBe(401);
    expect((await client.get('/api/flows')).status).toBe(401);
  });

  it('keeps an agent who works with the inbox open signed in, and ends the inbox left open on a shared computer', async () => {
    const { server, signIn, pass } = await setUp();
    const { cookie, client } = await signIn('adjoa', ['agent']);
    const stream = await openEventStream(`${server.url}/api/agent/events`, { cookie });
    expect(stream.response.status).toBe(200);
    // Her shift: she answers contacts every 20 minutes, for an hour, the stream open all along.
    for (let hour = 0; hour < 60; hour += 20) {
      pass(20);
      expect((await client.get('/api/agent/queues')).status).toBe(200);
    }
    await sleep(1100);
    expect((await server.admin.put('/api/agent/queues/support-fr/settings', SETTINGS)).status).toBe(200);
    expect(await stream.next()).toMatchObject({ type: 'settings', data: { queue: 'support-fr' } });
    // She leaves the computer with the inbox open: the open stream alone does not keep her signed in.
    pass(31);
    await sleep(1100);
    expect((await server.admin.put('/api/agent/queues/support-fr/settings', SETTINGS)).status).toBe(200);
    expect(await stream.next()).toBe('ended');
    expect((await client.get('/api/agent/queues')).status).toBe(401);
  });

  it('does not count the live stream reconnecting by itself (an EventSource after a network drop) as use', async () => {
    const { server, signIn, pass } = await setUp();
    const { cookie, client } = await signIn('sena', ['agent']);
    const first = await openEventStream(`${server.url}/api/agent/events`, { cookie, accept: 'text/event-stream' });
    expect(first.response.status).toBe(200);
    first.close();
    // She left the computer; the inbox's stream dropped and the browser reopened it every 10 minutes.
    for (const minutes of [10, 10]) {
      pass(minutes);
      const again = await openEventStream(`${server.url}/api/agent/events`, { cookie, accept: 'text/event-stream' });
      expect(again.response.status).toBe(200);
      again.close();
    }
    pass(11);
    const late = await openEventStream(`${server.url}/api/agent/events`, { cookie, accept: 'text/event-stream' });
    expect(late.response.status).toBe(401);
    late.close();
    expect((await client.get('/api/agent/queues')).status).toBe(401);
  });

  it('keeps a session used every 40 seconds with GRIOT_LOGIN_IDLE_MINUTES=1', async () => {
    const { signIn, pass } = await setUp({ GRIOT_LOGIN_IDLE_MINUTES: '1' });
    const { client } = await signIn('kwame', ['viewer']);
    for (let used = 0; used < 6; used += 1) {
      pass(40 / 60);
      expect((await client.get('/api/flows')).status).toBe(200);
    }
    pass(61 / 60);
    expect((await client.get('/api/flows')).status).toBe(401);
  });

  it('is set by GRIOT_LOGIN_IDLE_MINUTES, 0 leaving only the 12-hour limit', async () => {
    const short = await setUp({ GRIOT_LOGIN_IDLE_MINUTES: '5' });
    const { client } = await short.signIn('ama', ['viewer']);
    short.pass(6);
    expect((await client.get('/api/flows')).status).toBe(401);
    const off = await setUp({ GRIOT_LOGIN_IDLE_MINUTES: '0' });
    const { client: kept } = await off.signIn('yao', ['viewer']);
    off.pass(11 * 60);
    expect((await kept.get('/api/flows')).status).toBe(200);
    off.pass(61);
    expect((await kept.get('/api/flows')).status).toBe(401);
  });
});
