import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { openEventStream } from './helpers/eventStream.ts';
import { apiClient } from './helpers/http.ts';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const PASSWORD = 'correct horse battery';
const SETTINGS = { callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] };

/**
 * The inbox's live stream (`GET /api/agent/events`) is authorised when it opens; these check that
 * it does not outlive the credential or the role that opened it.
 */
describe('the agent inbox stream ends with the right to read it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  async function agentLogin(username: string): Promise<{ cookie: string; id: string }> {
    const created = await server.admin.post('/api/users', { username, password: PASSWORD, roles: ['agent'] });
    expect(created.status).toBe(201);
    const login = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
    expect(login.status).toBe(200);
    return { cookie: login.headers.get('set-cookie')!.split(';')[0]!, id: created.body.id };
  }

  /** Opens the stream; `next()` reads the next event, or 'ended' when the server closed it. */
  async function openStream(headers: Record<string, string>) {
    const stream = await openEventStream(`${server.url}/api/agent/events`, headers);
    expect(stream.response.status).toBe(200);
    return stream;
  }

  /** A `settings` change on a queue: an event every open inbox hears. */
  const changeSettings = (queue: string) => server.admin.put(`/api/agent/queues/${queue}/settings`, SETTINGS);

  it('keeps telling an agent who still may read it', async () => {
    const { cookie } = await agentLogin('kofi');
    const stream = await openStream({ cookie });
    await sleep(1100);
    expect((await changeSettings('support-fr')).status).toBe(200);
    expect(await stream.next()).toMatchObject({ type: 'settings', data: { queue: 'support-fr' } });
    stream.close();
  });

  it('ends once the agent logged out, without telling them of later changes', async () => {
    const { cookie } = await agentLogin('awa');
    const stream = await openStream({ cookie });
    expect((await apiClient(server.url, { cookie }).post('/api/auth/logout')).status).toBe(204);
    await sleep(1100);
    await changeSettings('support-fr');
    expect(await stream.next()).toBe('ended');
  });

  it('ends on the other computer once the agent logged out everywhere', async () => {
    const { cookie: leftOpen } = await agentLogin('adjoa');
    const stream = await openStream({ cookie: leftOpen });
    const login = await server.anonymous.post('/api/auth/login', { username: 'adjoa', password: PASSWORD });
    const here = apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    expect((await here.post('/api/auth/logout-everywhere')).body).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    await sleep(1100);
    await changeSettings('support-fr');
    expect(await stream.next()).toBe('ended');
  });

  it('ends once an admin disabled the agent', async () => {
    const { cookie, id } = await agentLogin('yao');
    const stream = await openStream({ cookie });
    expect((await server.admin.patch(`/api/users/${id}`, { disabled: true })).status).toBe(200);
    await sleep(1100);
    await changeSettings('support-fr');
    expect(await stream.next()).toBe('ended');
  });

  it('ends once the agent lost the agent role', async () => {
    const { cookie, id } = await agentLogin('ama');
    const stream = await openStream({ cookie });
    expect((await server.admin.patch(`/api/users/${id}`, { roles: ['viewer'] })).status).toBe(200);
    await sleep(1100);
    await changeSettings('support-fr');
    expect(await stream.next()).toBe('ended');
  });

  it('ends once the API token that opened it was revoked', async () => {
    const { cookie } = await agentLogin('esi');
    const agent = apiClient(server.url, { cookie });
    const created = await agent.post('/api/tokens', { name: 'wallboard' });
    expect(created.status).toBe(201);
    const stream = await openStream({ authorization: `Bearer ${created.body.token}` });
    expect((await agent.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    await sleep(1100);
    await changeSettings('support-fr');
    expect(await stream.next()).toBe('ended');
  });
});
