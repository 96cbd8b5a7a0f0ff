import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from './helpers/eventStream.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';
const SETTINGS = { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };
const MAX = 8;

/**
 * Security review (secrev12): each inbox stream holds a socket, and one agent could open 1,100 of
 * them until /readyz and the channels' callbacks failed for want of file descriptors. The real
 * server on loopback, GRIOT_AGENT_STREAMS_MAX lowered to count.
 */
describe('the agent inbox streams an instance keeps open are bounded', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_AGENT_STREAMS_MAX: String(MAX) } });
  });
  afterAll(() => server?.stop());

  async function agentCookie(username: string): Promise<string> {
    expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['agent'] })).status).toBe(201);
    const login = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
    return login.headers.get('set-cookie')!.split(';')[0]!;
  }
  const open = (cookie: string) => openEventStream(`${server.url}/api/agent/events`, { cookie });
  /** Opens a stream once the instance has room (streams closed just before may still be leaving). */
  async function openWhenRoom(cookie: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const stream = await open(cookie);
      if (stream.response.status !== 429 || Date.now() > deadline) return stream;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('keeps an agent’s 5 latest streams: a sixth and seventh end the oldest, the others still hear changes', async () => {
    const cookie = await agentCookie('kofi');
    const streams = [];
    for (let i = 0; i < 7; i++) {
      const stream = await open(cookie);
      expect(stream.response.status).toBe(200);
      streams.push(stream);
    }
    expect(await streams[0]!.next()).toBe('ended');
    expect(await streams[1]!.next()).toBe('ended');
    expect((await server.admin.put('/api/agent/queues/support-fr/settings', SETTINGS)).status).toBe(200);
    for (const stream of streams.slice(2)) expect(await stream.next()).toMatchObject({ type: 'settings', data: { queue: 'support-fr' } });
    for (const stream of streams) stream.close();
  });

  it('refuses streams past the instance’s limit with 429 and Retry-After, and lets them in again once others close', async () => {
    const cookies = [await agentCookie('awa'), await agentCookie('yao')];
    const held = [];
    // Two agents' 4 streams each fill the limit of 8.
    for (const cookie of cookies) for (let i = 0; i < 4; i++) held.push(await openWhenRoom(cookie));
    for (const stream of held) expect(stream.response.status).toBe(200);
    const refused = await fetch(`${server.url}/api/agent/events`, { headers: { cookie: cookies[0]! } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('15');
    expect(await refused.json()).toMatchObject({ error: { code: 'agent_streams_full' } });
    held.pop()!.close();
    const again = await openWhenRoom(cookies[0]!);
    expect(again.response.status).toBe(200);
    again.close();
    for (const stream of held) stream.close();
  });
});
