import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Awa leaves while she holds a caller. The admin who disables her account is told she still holds
 * one contact and puts it back in its queue, where another agent takes it; the wallboard no longer
 * counts her as a busy agent; the audit log says who did it, with her name.
 */
const SECRET = 'jambonz-disable-secret';
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let awaId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  awaId = ((await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>).find((u) => u.username === 'awa')!.id;
}, 60_000);
afterAll(() => server.stop());

type Row = { queue: string; agentsBusy: string[]; agentsDisabled: string[] };
type Queue = { queue: string; contacts: Array<{ id: string; status: string; agent?: string }> };
/** The supervisor's counts for support-fr. */
const board = async () => ((await sena.get('/api/agent/supervisor')).body as Row[]).find((q) => q.queue === 'support-fr')!;
const queueOf = async () => ((await kofi.get('/api/agent/queues')).body as Queue[]).find((q) => q.queue === 'support-fr')!;

describe('disabling an agent who still holds contacts', () => {
  it('counts their open contacts, puts them back in their queue on request, audited, and stops counting them busy', async () => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: 'CA-leaving-1', from: '+2290197000001', to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    await call.press('4');
    expect(call.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
    const contact = (await queueOf()).contacts[0]!;
    expect((await awa.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect(await board()).toMatchObject({ agentsBusy: ['awa'], agentsDisabled: [] });

    // What the disable dialog reads first.
    const open = await server.admin.get(`/api/users/${awaId}/open-contacts`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ username: 'awa', contacts: [{ id: contact.id, queue: 'support-fr', channel: 'voice' }] });
    expect((await sena.get(`/api/users/${awaId}/open-contacts`)).status).toBe(403);

    expect((await server.admin.patch(`/api/users/${awaId}`, { disabled: true })).status).toBe(200);
    // A disabled account answers nobody: not a busy agent on the wallboard.
    expect(await board()).toMatchObject({ agentsBusy: [], agentsDisabled: ['awa'] });

    const requeued = await server.admin.post(`/api/users/${awaId}/requeue-contacts`);
    expect(requeued.status).toBe(200);
    expect(requeued.body).toMatchObject({ username: 'awa', requeued: [{ id: contact.id, queue: 'support-fr' }], failed: [] });
    const back = (await queueOf()).contacts.find((c) => c.id === contact.id)!;
    expect(back.status).toBe('waiting');
    expect(back.agent).toBeUndefined();
    expect((await kofi.post(`/api/agent/contacts/${contact.id}/take`)).status).toBe(200);
    expect((await server.admin.get(`/api/users/${awaId}/open-contacts`)).body.contacts).toEqual([]);

    const audit = (await server.admin.get('/api/audit?limit=50')).body as Array<{ actor: string; action: string; target: string; details: Record<string, unknown> }>;
    expect(audit.find((e) => e.action === 'user.requeueContacts')).toMatchObject({ target: `user:${awaId}`, details: { username: 'awa', requeued: 1 } });
    expect(audit.find((e) => e.action === 'contact.transfer' && e.target === `contact:${contact.id}`)?.details).toMatchObject({ agentBefore: 'awa', to: 'support-fr' });
    expect(audit.find((e) => e.action === 'user.update' && e.target === `user:${awaId}`)?.details).toMatchObject({ username: 'awa', disabled: true, disabledBefore: false });
  });

  it('leaves a contact that changed hands between the list and the requeue with its new agent, reported as failed', async () => {
    const store = server.services.ctx.store;
    const now = new Date().toISOString();
    await store.putHandoffContact({
      id: 'c-moved-meanwhile',
      queue: 'support-fr',
      priority: 5,
      enqueuedAt: now,
      channel: 'webchat',
      sessionKey: 'webchat:b:c-moved-meanwhile',
      callerNumber: '#0123456789ab',
      locale: 'fr',
      reason: 'x',
      context: {},
      history: [],
      status: 'assigned',
      agent: 'awa',
      assignedAt: now,
      preview: false,
      updatedAt: now,
    } as never);
    // The admin's request lists awa's contacts; meanwhile a supervisor moves this one and kofi takes it.
    const real = store.listHandoffContacts.bind(store);
    const patched = store as unknown as { listHandoffContacts: typeof real };
    patched.listHandoffContacts = async (filter) => {
      const listed = await real(filter);
      patched.listHandoffContacts = real;
      await store.updateHandoffContact('c-moved-meanwhile', { statuses: ['assigned'], agent: 'awa' }, { status: 'waiting', agent: undefined, assignedAt: undefined } as never);
      await store.updateHandoffContact('c-moved-meanwhile', { statuses: ['waiting'], agent: null }, { status: 'assigned', agent: 'kofi', assignedAt: new Date().toISOString() } as never);
      return listed;
    };
    try {
      const requeued = await server.admin.post(`/api/users/${awaId}/requeue-contacts`);
      expect(requeued.status).toBe(200);
      expect(requeued.body).toMatchObject({ username: 'awa', requeued: [], failed: ['c-moved-meanwhile'] });
    } finally {
      patched.listHandoffContacts = real;
    }
    // Kofi's conversation is still his.
    expect(await store.getHandoffContact('c-moved-meanwhile')).toMatchObject({ status: 'assigned', agent: 'kofi' });
  });
});
