import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import { apiClient, type ApiClient } from './helpers/http.ts';
import { callback } from '../src/store/contract/handoffContract.ts';

/**
 * Over real HTTP on the 1919 demo, before any call: the supervisor's board lists every queue the
 * flows can hand over to (`support-{{caller.locale}}` spelled out per language), at zero, so the
 * wallboard is not empty on a quiet morning and nobody has to know `support-fr` by heart.
 */
let server: TestServer;
let sena: ApiClient;
let awa: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  awa = await userWithRoles(server, 'awa', ['agent']);
}, 60_000);
afterAll(() => server.stop());

describe('the supervisor board with no traffic', () => {
  it('lists the flows’ queues at zero, the same names a transfer accepts', async () => {
    const board = await sena.get('/api/agent/supervisor');
    expect(board.status).toBe(200);
    const rows = board.body as Array<{ queue: string; waiting: number; longestWaitSeconds: number; callbacksPending: number; agentsBusy: string[] }>;
    const transferable = ((await awa.get('/api/agent/transfer-queues')).body as { queues: string[] }).queues;
    expect(transferable).toEqual(expect.arrayContaining(['support-fr', 'support-en']));
    expect(rows.map((r) => r.queue)).toEqual(expect.arrayContaining(transferable));
    expect(rows.find((r) => r.queue === 'support-fr')).toEqual({
      queue: 'support-fr',
      waiting: 0,
      longestWaitSeconds: 0,
      agentsBusy: [],
      agentsDisabled: [],
      callbacksPending: 0,
      // Nobody has opened the agent app: nobody is there, and nobody waits either (no warning).
      agents: [],
      agentsAvailable: 0,
      noAgentAvailable: false,
    });
    expect(rows.map((r) => r.queue)).not.toContain('support-{{caller.locale}}');

    // The agents' listing (what the inbox and the wallboard read) names them too, with nobody in them.
    const listing = (await awa.get('/api/agent/queues')).body as Array<{ queue: string; contacts: unknown[] }>;
    expect(listing.find((q) => q.queue === 'support-en')).toMatchObject({ queue: 'support-en', contacts: [], waiting: 0 });
  });

  it('is for supervisors only', async () => {
    expect((await awa.get('/api/agent/supervisor')).status).toBe(403);
  });
});

/** An agent answering `queues` only (an admin's assignment), logged in. */
async function agentOf(username: string, queues: string[]): Promise<ApiClient> {
  const password = 'correct horse battery';
  expect((await server.admin.post('/api/users', { username, password, roles: ['agent'], queues })).status).toBe(201);
  const login = await server.anonymous.post('/api/auth/login', { username, password });
  return apiClient(server.url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! });
}

describe('a queue holding only callbacks to make', () => {
  it('is listed to the supervisor and its own agents with its count, never to an agent of another queue', async () => {
    // The flow that offered these callbacks now hands over elsewhere: no setting, no flow, nobody waiting names the queue.
    const at = new Date().toISOString();
    await server.store.putCallbackRequest({ ...callback('cb-old-1', at), queue: 'recouvrement-ancien', number: '+2290197000077' });
    await server.store.putCallbackRequest({ ...callback('cb-old-2', at), queue: 'recouvrement-ancien', number: '+2290197000078' });

    const rows = (await sena.get('/api/agent/supervisor')).body as Array<{ queue: string; callbacksPending: number }>;
    expect(rows.find((r) => r.queue === 'recouvrement-ancien')).toMatchObject({ callbacksPending: 2 });

    // Least privilege: an agent answering support-fr only sees support-fr, as before (not the other queue's name nor its count).
    const kofi = await agentOf('kofi', ['support-fr']);
    const his = (await kofi.get('/api/agent/queues')).body as Array<{ queue: string }>;
    expect(his.map((q) => q.queue)).toEqual(['support-fr']);
    expect(JSON.stringify(his)).not.toContain('+2290197000077');

    // The agent who calls them back sees them counted, never the numbers in the listing.
    const yao = await agentOf('yao', ['recouvrement-ancien']);
    const mine = (await yao.get('/api/agent/queues')).body as Array<{ queue: string; callbacksPending: number }>;
    expect(mine).toEqual([expect.objectContaining({ queue: 'recouvrement-ancien', callbacksPending: 2 })]);
    expect(JSON.stringify(mine)).not.toContain('+2290197000077');
  });
});
