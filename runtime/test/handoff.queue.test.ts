import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Voice handoffs on the 1919 demo reach the agent queues: a VIP (segment vip → priority 1) is
 * served before regular callers who called earlier; two agents cannot take one contact; a
 * caller past the wait threshold is offered a callback; closed hours answer `unavailable`.
 */
const SECRET = 'jambonz-handoff-secret';
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let supervisor: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  supervisor = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(() => server.stop());

/** Calls 1919, picks French (unless remembered) and asks for an agent (menu key 4). */
async function callForAgent(from: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-handoff-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  return call;
}

const waitingIn = async (queue: string) => {
  const queues = (await awa.get('/api/agent/queues')).body as Array<{
    queue: string;
    contacts: Array<{ id: string; callerNumber: string; status: string; priority: number; callbackDue: boolean; waitSeconds: number }>;
  }>;
  return queues.find((q) => q.queue === queue)?.contacts.filter((c) => c.status === 'waiting') ?? [];
};

describe('agent queues on the 1919 line', () => {
  it('serves a VIP caller before regular callers who called earlier', async () => {
    const first = await callForAgent('+2290197000001');
    expect(first.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr', priority: 999 });
    const second = await callForAgent('+2290197000003');
    const vip = await callForAgent('+2290197000002');
    expect(vip.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr', priority: 1 });

    const waiting = await waitingIn('support-fr');
    expect(waiting.map((c) => c.callerNumber)).toEqual(['+2290197000002', '+2290197000001', '+2290197000003']);
    expect(waiting[0]).toMatchObject({ priority: 1, channel: 'voice' });
    // The next agent gets the VIP; the context carries the segment, never a sensitive value.
    const taken = await awa.post(`/api/agent/contacts/${waiting[0]!.id}/take`);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'assigned', agent: 'awa', context: { variables: { segment: 'vip' } } });
    expect(JSON.stringify(taken.body)).not.toMatch(/puk/i);

    // jambonz bridges the VIP to the agent, then the caller hangs up: the contact closes.
    await vip.queueEnds('bridged');
    await expect.poll(async () => (await awa.get(`/api/agent/contacts/${waiting[0]!.id}`)).body.contact.status).toBe('closed');
    for (const call of [first, second, vip]) await call.hangup();
    await expect.poll(async () => (await waitingIn('support-fr')).length).toBe(0);
  });

  it('lets only one of two agents take the same contact', async () => {
    const call = await callForAgent('+2290197000001');
    const [contact] = await waitingIn('support-fr');
    const answers = await Promise.all([awa.post(`/api/agent/contacts/${contact!.id}/take`), kofi.post(`/api/agent/contacts/${contact!.id}/take`)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({ error: { code: 'contact_not_waiting' } });
    await call.hangup();
  });

  it('offers a callback past the queue’s threshold and keeps the request with its context', async () => {
    const set = await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 0, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
    expect(set.status).toBe(200);
    const call = await callForAgent('+2290197000003');
    const [contact] = await waitingIn('support-fr');
    expect(contact).toMatchObject({ callbackDue: true });

    const requested = await awa.post(`/api/agent/contacts/${contact!.id}/callback`);
    expect(requested.status).toBe(201);
    const list = (await awa.get('/api/agent/callbacks?status=pending')).body as any[];
    expect(list).toEqual([
      expect.objectContaining({ number: '+2290197000003', queue: 'support-fr', locale: 'fr', status: 'pending', attempts: 0, context: expect.objectContaining({ flowId: expect.any(String) }) }),
    ]);
    const id = list[0].id;
    expect((await awa.post(`/api/agent/callbacks/${id}/take`)).body).toMatchObject({ status: 'taken', agent: 'awa', attempts: 1 });
    expect((await kofi.post(`/api/agent/callbacks/${id}/take`)).status).toBe(409);
    expect((await awa.post(`/api/agent/callbacks/${id}/failed`)).body).toMatchObject({ status: 'failed' });
    expect((await awa.post(`/api/agent/callbacks/${id}/retry`)).body).toMatchObject({ status: 'pending' });
    const board = (await supervisor.get('/api/agent/supervisor')).body as any[];
    expect(board.find((q) => q.queue === 'support-fr')).toMatchObject({ waiting: 0, callbacksPending: 1 });
    await call.hangup();
  });

  it('keeps the time the agent told the caller, refusing one past, too far or when the queue is closed', async () => {
    const porto = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Africa/Porto-Novo' });
    const tomorrow = porto(Date.now() + 86_400_000);
    // Closed all day tomorrow (a holiday), always open otherwise.
    expect((await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [tomorrow] })).status).toBe(200);
    const call = await callForAgent('+2290197000004');
    const [contact] = await waitingIn('support-fr');
    const ask = (callAt: string) => awa.post(`/api/agent/contacts/${contact!.id}/callback`, { callAt });
    const past = await ask(new Date(Date.now() - 2 * 3_600_000).toISOString());
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ error: { code: 'callback_time_past', field: 'callAt' } });
    expect((await ask(new Date(Date.now() + 3 * 86_400_000).toISOString())).body).toMatchObject({ error: { code: 'callback_time_too_far', params: { timezone: 'Africa/Porto-Novo' } } });
    expect((await ask(`${tomorrow}T10:00:00+01:00`)).body).toMatchObject({ error: { code: 'callback_time_closed' } });
    // Refused, the caller is still waiting.
    expect((await waitingIn('support-fr')).map((c) => c.id)).toContain(contact!.id);

    // A time within the hour (today, or just after midnight tomorrow: then the holiday would refuse it, so today's end).
    const soon = porto(Date.now() + 3_600_000) === tomorrow ? new Date(Date.now() + 60_000) : new Date(Date.now() + 3_600_000);
    const requested = await ask(soon.toISOString());
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'pending', callAt: soon.toISOString() });
    const [listed] = ((await awa.get('/api/agent/callbacks?status=pending')).body as Array<{ number: string; callAt?: string }>).filter((r) => r.number === '+2290197000004');
    expect(listed?.callAt).toBe(soon.toISOString());
    await call.hangup();
    await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
  });

  it('gives a queue the display name its supervisor chose, and takes it away when emptied', async () => {
    const named = await supervisor.put('/api/agent/queues/support-fr/settings', {
      callbackAfterSeconds: 120,
      timezone: 'Africa/Porto-Novo',
      weeklyHours: {},
      holidays: [],
      displayName: '  Assistance (français) ',
    });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ queue: 'support-fr', displayName: 'Assistance (français)' });
    const board = (await awa.get('/api/agent/queues')).body as Array<{ queue: string; settings: { displayName?: string } }>;
    expect(board.find((q) => q.queue === 'support-fr')?.settings.displayName).toBe('Assistance (français)');
    expect(
      (await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [], displayName: 'x'.repeat(81) })).status,
    ).toBe(400);
    const unnamed = await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [], displayName: '' });
    expect(unnamed.body).not.toHaveProperty('displayName');
  });

  it('answers unavailable outside business hours, and the flow says so', async () => {
    // Open only on a date long gone: closed now.
    await supervisor.put('/api/agent/queues/support-fr/settings', {
      callbackAfterSeconds: 120,
      timezone: 'Africa/Porto-Novo',
      weeklyHours: {},
      holidays: [new Date().toISOString().slice(0, 10), new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)],
    });
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-handoff-${++calls}`, from: '+2290197000001', to: '1919' });
    await call.start(); // French is remembered now: straight to the menu
    await call.press('4');
    expect(call.waitingOn?.verb).not.toBe('enqueue');
    expect(call.received.flat().some((v: any) => v.verb === 'enqueue')).toBe(false);
    expect(await waitingIn('support-fr')).toEqual([]);
    await call.hangup().catch(() => {});
    await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 120, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [] });
  });

  it('refuses the agent API to users without the agent role', async () => {
    const viewer = await userWithRoles(server, 'vic', ['viewer']);
    expect((await viewer.get('/api/agent/queues')).status).toBe(403);
    expect((await awa.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 1, timezone: 'Mars/Olympus', weeklyHours: {}, holidays: [] })).status).toBe(403);
    expect((await supervisor.put('/api/agent/queues/support-fr/settings', { callbackAfterSeconds: 1, timezone: 'Mars/Olympus', weeklyHours: {}, holidays: [] })).status).toBe(400);
  });

  it('answers /agent, the inbox’s address, even before the designer is built', async () => {
    // The inbox is a page of the designer (test/health.test.ts serves it built); unbuilt, /agent says how to build it.
    const page = await fetch(`${server.url}/agent`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('npm run build -w @griot/designer');
  });
});
