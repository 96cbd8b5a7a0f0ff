import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, type TestServer } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { openEventStream } from './helpers/eventStream.ts';

/**
 * Supervisors see who is there, on the 1919 demo over real HTTP and the real SQLite store: an
 * agent's open inbox makes them « Disponible » for their queues, « En pause » keeps what they hold
 * and offers them nothing new, a supervisor may set one « Hors ligne », signing out or leaving
 * the page past the grace period makes them offline, and a queue where subscribers wait with
 * nobody available says so.
 */
const SECRET = 'jambonz-agent-presence-secret';
const PASSWORD = 'correct horse battery';
let server: TestServer;
const cookies: Record<string, string> = {};
let fatou: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let calls = 0;

async function user(username: string, roles: string[], queues?: string[]): Promise<ApiClient> {
  expect((await server.admin.post('/api/users', { username, password: PASSWORD, roles, ...(queues ? { queues } : {}) })).status).toBe(201);
  const answer = await server.anonymous.post('/api/auth/login', { username, password: PASSWORD });
  cookies[username] = answer.headers.get('set-cookie')!.split(';')[0]!;
  return apiClient(server.url, { cookie: cookies[username] });
}

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  fatou = await user('fatou', ['agent'], ['support-fr']);
  kofi = await user('kofi', ['agent'], ['support-en']);
  sena = await user('sena', ['supervisor']);
}, 60_000);
afterAll(() => server.stop());

/** Calls 1919, picks French and asks for an agent (menu key 4): the contact waits in support-fr. */
async function callForAgent(from: string): Promise<{ call: SimulatedCall; id: string }> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-agent-presence-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  const find = async () =>
    ((await sena.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>)
      .flatMap((q) => q.contacts)
      .find((c) => c.callerNumber === from && c.status === 'waiting')?.id;
  await expect.poll(find).toBeDefined();
  return { call, id: (await find())! };
}

interface Row {
  queue: string;
  waiting: number;
  agents: Array<{ username: string; state: string; contacts: number }>;
  agentsAvailable: number;
  noAgentAvailable: boolean;
}
const row = async (queue: string) => ((await sena.get('/api/agent/supervisor')).body as Row[]).find((r) => r.queue === queue)!;

describe('agents’ presence, as supervisors see it', () => {
  it('warns when subscribers wait and nobody is available; an open inbox makes its agent available for their queues only', async () => {
    const { call } = await callForAgent('+2290197000041');
    expect(await row('support-fr')).toMatchObject({ waiting: 1, agents: [], agentsAvailable: 0, noAgentAvailable: true });
    expect((await fatou.get('/api/agent/presence')).body).toMatchObject({ username: 'fatou', state: 'offline' });

    const supervisorStream = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.sena! });
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.fatou! });
    try {
      expect(page.response.status).toBe(200);
      // The supervisor's board hears of it at once.
      let event = await supervisorStream.next();
      while (event !== 'ended' && !(event.type === 'presence' && event.data.id === 'fatou')) event = await supervisorStream.next();
      expect(event).toMatchObject({ type: 'presence', data: { id: 'fatou', status: 'available' } });
      expect(await row('support-fr')).toMatchObject({ agents: [{ username: 'fatou', state: 'available', contacts: 0 }], agentsAvailable: 1, noAgentAvailable: false });
      // She answers support-fr only: the English line knows nothing of her.
      expect((await row('support-en')).agents).toEqual([]);
      expect((await fatou.get('/api/agent/presence')).body).toMatchObject({ state: 'available' });
    } finally {
      page.close();
      supervisorStream.close();
    }
    await call.hangup();
  });

  it('« En pause »: no new contact nor callback is offered, the ones held stay; audited', async () => {
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.fatou! });
    try {
      const first = await callForAgent('+2290197000042');
      expect((await fatou.post(`/api/agent/contacts/${first.id}/take`)).body).toMatchObject({ status: 'assigned', agent: 'fatou' });
      expect((await fatou.put('/api/agent/presence', { state: 'paused' })).body).toMatchObject({ username: 'fatou', state: 'paused' });

      const second = await callForAgent('+2290197000043');
      const refused = await fatou.post(`/api/agent/contacts/${second.id}/take`);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'agent_not_available', params: { state: 'paused' } });
      expect(await server.store.getHandoffContact(second.id)).toMatchObject({ status: 'waiting' });
      const callbackRefused = await fatou.post('/api/agent/callbacks/any-callback/take', {});
      expect(callbackRefused.body.error.code).toBe('agent_not_available');
      // What she holds is still hers.
      expect((await fatou.get(`/api/agent/contacts/${first.id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'fatou' });

      expect(await row('support-fr')).toMatchObject({ waiting: 1, agents: [{ username: 'fatou', state: 'paused', contacts: 1 }], agentsAvailable: 0, noAgentAvailable: true });
      const audit = (await server.admin.get('/api/audit?action=agent.presence')).body as Array<{ actor: string; target: string; details: Record<string, unknown> }>;
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'fatou', target: 'agent:fatou', details: expect.objectContaining({ status: 'paused', before: 'available' }) }));

      // Back: she takes the next one.
      expect((await fatou.put('/api/agent/presence', { state: 'available' })).body).toMatchObject({ state: 'available' });
      expect((await fatou.post(`/api/agent/contacts/${second.id}/take`)).body).toMatchObject({ agent: 'fatou' });
      expect(await row('support-fr')).toMatchObject({ agents: [{ username: 'fatou', state: 'available', contacts: 2 }], agentsAvailable: 1 });
      await first.call.hangup();
      await second.call.hangup();
    } finally {
      page.close();
    }
  });

  it('an agent changes only their own state; a supervisor may set one offline, and only offline', async () => {
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.kofi! });
    try {
      await expect.poll(async () => (await kofi.get('/api/agent/presence')).body.state).toBe('available');
      expect((await kofi.put('/api/agent/agents/fatou/presence', { state: 'offline' })).status).toBe(403);
      expect((await kofi.put('/api/agent/presence', { state: 'offline' })).status).toBe(400);
      expect((await sena.put('/api/agent/agents/kofi/presence', { state: 'available' })).status).toBe(400);
      expect((await sena.put('/api/agent/agents/nobody-here/presence', { state: 'offline' })).status).toBe(404);

      expect((await sena.put('/api/agent/agents/kofi/presence', { state: 'offline' })).body).toMatchObject({ username: 'kofi', state: 'offline', changedBy: 'sena' });
      // His page hears of it at once, and he stays offline, page open, until he chooses « Disponible »: he reads who did it.
      expect(await page.next()).toMatchObject({ type: 'presence', data: { id: 'kofi', status: 'offline', by: 'sena' } });
      expect((await kofi.get('/api/agent/presence')).body).toMatchObject({ state: 'offline', changedBy: 'sena' });
      expect((await row('support-en')).agents).toEqual([]);
      const audit = (await server.admin.get('/api/audit?action=agent.presence')).body as Array<{ actor: string; target: string; details: Record<string, unknown> }>;
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'sena', target: 'agent:kofi', details: expect.objectContaining({ status: 'offline', onBehalfOf: 'kofi' }) }));
      expect((await kofi.put('/api/agent/presence', { state: 'available' })).body).toMatchObject({ state: 'available' });
      expect((await row('support-en')).agents).toEqual([expect.objectContaining({ username: 'kofi', state: 'available' })]);
    } finally {
      page.close();
    }
  });

  it('goes offline on signing out, and once the last page has been closed past the grace period', async () => {
    // kofi signs out: gone from the board at once.
    expect((await kofi.post('/api/auth/logout', {})).status).toBe(204);
    expect((await row('support-en')).agents).toEqual([]);

    // fatou closed her page (an earlier test) and still holds a contact: there within the grace period…
    const held = await callForAgent('+2290197000044');
    expect((await fatou.post(`/api/agent/contacts/${held.id}/take`)).body).toMatchObject({ agent: 'fatou' });
    expect((await row('support-fr')).agents).toEqual([expect.objectContaining({ username: 'fatou', state: 'available', contacts: 1 })]);
    // …offline a minute after her page was last seen: listed so, with the contacts nobody answers for now.
    const record = (await server.store.getAgentPresence('fatou'))!;
    await server.store.setAgentPresence({ ...record, lastSeenAt: new Date(Date.now() - 61_000).toISOString() });
    expect(await row('support-fr')).toMatchObject({ agents: [{ username: 'fatou', state: 'offline', contacts: 1 }], agentsAvailable: 0 });
    expect((await fatou.get('/api/agent/presence')).body).toMatchObject({ state: 'offline' });
    // Her inbox opens again: available again.
    const page = await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.fatou! });
    try {
      await expect.poll(async () => (await fatou.get('/api/agent/presence')).body.state).toBe('available');
    } finally {
      page.close();
    }
    await held.call.hangup();
  });

  it('a tab left open on a signed-out, ended or disabled session ends at once and keeps nobody « Disponible »', async () => {
    const awa = await user('awa', ['agent'], ['support-fr']);
    const signIn = async () => (await server.anonymous.post('/api/auth/login', { username: 'awa', password: PASSWORD })).headers.get('set-cookie')!.split(';')[0]!;
    const endsAtOnce = async (stream: Awaited<ReturnType<typeof openEventStream>>) => {
      let event = await stream.within(5000);
      while (typeof event === 'object') event = await stream.within(5000);
      return event;
    };
    const there = async () => (await row('support-fr')).agents.map((a) => `${a.username}:${a.state}`);

    // Two tabs of one session; she signs out in one: the other's stream ends now, not at its next heartbeat (which would make her « Disponible » again).
    const tabs = [await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! }), await openEventStream(`${server.url}/api/agent/events`, { cookie: cookies.awa! })];
    await expect.poll(async () => (await awa.get('/api/agent/presence')).body.state).toBe('available');
    expect((await awa.post('/api/auth/logout', {})).status).toBe(204);
    expect(await endsAtOnce(tabs[1]!)).toBe('ended');
    expect(await there()).not.toContain('awa:available');

    // An admin ends her sessions (a stolen laptop): offline at once, by the admin, her inbox closed.
    let cookie = await signIn();
    let page = await openEventStream(`${server.url}/api/agent/events`, { cookie });
    await expect.poll(there).toContain('awa:available');
    const id = ((await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>).find((u) => u.username === 'awa')!.id;
    expect((await server.admin.post(`/api/users/${id}/end-sessions`, {})).status).toBe(200);
    expect(await endsAtOnce(page)).toBe('ended');
    expect(await there()).not.toContain('awa:available');
    expect(await server.store.getAgentPresence('awa')).toMatchObject({ status: 'offline', lastSeenAt: null });

    // Disabled (she left the company): likewise.
    cookie = await signIn();
    page = await openEventStream(`${server.url}/api/agent/events`, { cookie });
    await expect.poll(there).toContain('awa:available');
    expect((await server.admin.patch(`/api/users/${id}`, { disabled: true })).status).toBe(200);
    expect(await endsAtOnce(page)).toBe('ended');
    expect(await server.store.getAgentPresence('awa')).toMatchObject({ status: 'offline', lastSeenAt: null });
    const audit = (await server.admin.get('/api/audit?action=agent.presence')).body as Array<{ target: string; details: Record<string, unknown> }>;
    expect(audit.filter((e) => e.target === 'agent:awa' && e.details.onBehalfOf === 'awa')).toHaveLength(2);
  });
});
