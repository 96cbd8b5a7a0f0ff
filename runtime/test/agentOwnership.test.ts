import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * What an agent may do to what another agent holds, on the 1919 demo over real HTTP: a contact
 * awa took is not kofi's to transfer away (and then take), a callback request she took is not his
 * to mark done, failed or retry; a supervisor may do both. Nothing agents read lets them write as
 * a web chat visitor, and a tester's preview is nobody else's to read or drive.
 */
const SECRET = 'jambonz-ownership-secret';
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  // Three password hashes and the demo's seeding: slow on a machine shared with other runs.
}, 60_000);
afterAll(() => server.stop());

/** Calls 1919, picks French (unless remembered) and asks for an agent (menu key 4). */
async function callForAgent(from: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-ownership-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  return call;
}

async function waitingContact(callerNumber: string): Promise<string> {
  const find = async () => {
    const queues = (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
    return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === callerNumber && c.status === 'waiting')?.id;
  };
  await expect.poll(find).toBeDefined();
  return (await find())!;
}

describe('a contact another agent took', () => {
  it('cannot be transferred away by another agent, so he cannot take it over', async () => {
    const call = await callForAgent('+2290197000011');
    const id = await waitingContact('+2290197000011');
    expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);

    const transfer = await kofi.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' });
    expect(transfer.status).toBe(409);
    expect(transfer.body.error).toMatchObject({ code: 'contact_not_yours', params: { agent: 'awa' } });
    // Still awa's, in its queue; kofi's take is refused as before.
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'awa', queue: 'support-fr' });
    expect((await kofi.post(`/api/agent/contacts/${id}/take`)).body.error.code).toBe('contact_not_waiting');

    // Her own transfer, and a supervisor's of someone else's contact, go through.
    expect((await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' })).body).toMatchObject({ status: 'waiting', queue: 'support-en' });
    expect((await kofi.post(`/api/agent/contacts/${id}/take`)).body).toMatchObject({ status: 'assigned', agent: 'kofi' });
    expect((await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr' })).body).toMatchObject({ status: 'waiting', queue: 'support-fr' });
    // A waiting contact is anyone's to move.
    expect((await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' })).status).toBe(200);
    await call.hangup();
  });
});

/** The next read of `method` returns what was stored, but only once `meanwhile` (another agent's click) is done. */
function staleRead(method: 'getHandoffContact' | 'getCallbackRequest', meanwhile: () => Promise<unknown>): void {
  const store = server.store as unknown as Record<string, (id: string) => Promise<unknown>>;
  const read = store[method]!.bind(server.store);
  vi.spyOn(store, method).mockImplementationOnce(async (id: string) => {
    const stale = await read(id);
    await meanwhile();
    return stale;
  });
}

describe('a contact another agent takes while an agent closes it', () => {
  it('stays with the agent who took it: the late close is refused', async () => {
    const call = await callForAgent('+2290197000014');
    const id = await waitingContact('+2290197000014');
    staleRead('getHandoffContact', async () => expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200));

    const close = await kofi.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' });
    expect(close.status).toBe(409);
    expect(close.body.error).toMatchObject({ code: 'contact_not_yours', params: { agent: 'awa' } });
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'awa' });
    await call.hangup();
  });
});

describe('a contact that changes hands while a supervisor acts on it', () => {
  it('refuses the supervisor’s late transfer or close (409 contact_changed_hands) rather than overwriting', async () => {
    const ama = await userWithRoles(server, 'ama', ['supervisor']);
    const call = await callForAgent('+2290197000016');
    const id = await waitingContact('+2290197000016');
    expect((await awa.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);

    // sena saw it with awa; meanwhile ama moves it to support-en and kofi takes it there.
    staleRead('getHandoffContact', async () => {
      expect((await ama.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' })).status).toBe(200);
      expect((await kofi.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    });
    const transfer = await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fon' });
    expect(transfer.status).toBe(409);
    expect(transfer.body.error).toMatchObject({ code: 'contact_changed_hands', params: { status: 'assigned', agent: 'kofi' } });
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'kofi', queue: 'support-en' });

    // sena closes it as she saw it (kofi's); kofi hands it back to a queue first: the close is refused.
    staleRead('getHandoffContact', async () => expect((await kofi.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr' })).status).toBe(200));
    const close = await sena.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' });
    expect(close.status).toBe(409);
    expect(close.body.error).toMatchObject({ code: 'contact_changed_hands', params: { status: 'waiting' } });
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'waiting', queue: 'support-fr' });
    await call.hangup();
  });
});

describe('a callback request another agent takes or marks meanwhile', () => {
  it('is not finished or retried by the agent who read it before', async () => {
    const call = await callForAgent('+2290197000015');
    const contact = await waitingContact('+2290197000015');
    const { id } = (await awa.post(`/api/agent/contacts/${contact}/callback`)).body as { id: string };
    await call.hangup();

    // kofi read it pending; awa takes it before his "done" lands.
    staleRead('getCallbackRequest', async () => expect((await awa.post(`/api/agent/callbacks/${id}/take`)).status).toBe(200));
    expect((await kofi.post(`/api/agent/callbacks/${id}/done`)).status).toBe(409);
    expect(await server.store.getCallbackRequest(id)).toMatchObject({ status: 'taken', agent: 'awa' });

    // kofi read it taken by awa; she marks it failed before his "retry" lands.
    staleRead('getCallbackRequest', async () => expect((await awa.post(`/api/agent/callbacks/${id}/failed`)).status).toBe(200));
    expect((await kofi.post(`/api/agent/callbacks/${id}/retry`)).status).toBe(409);
    expect(await server.store.getCallbackRequest(id)).toMatchObject({ status: 'failed', agent: 'awa' });
  });
});

describe('a callback request another agent took', () => {
  it('is marked done, failed or retried only by that agent or a supervisor', async () => {
    const call = await callForAgent('+2290197000012');
    const contact = await waitingContact('+2290197000012');
    const { id } = (await awa.post(`/api/agent/contacts/${contact}/callback`)).body as { id: string };
    await call.hangup();
    expect((await awa.post(`/api/agent/callbacks/${id}/take`)).body).toMatchObject({ status: 'taken', agent: 'awa' });

    for (const step of ['done', 'failed'] as const) {
      const refused = await kofi.post(`/api/agent/callbacks/${id}/${step}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'callback_not_yours', params: { agent: 'awa' } });
    }
    expect((await awa.get('/api/agent/callbacks?status=taken')).body).toEqual([expect.objectContaining({ id, agent: 'awa' })]);

    expect((await awa.post(`/api/agent/callbacks/${id}/failed`)).body).toMatchObject({ status: 'failed' });
    expect((await kofi.post(`/api/agent/callbacks/${id}/retry`)).body.error).toMatchObject({ code: 'callback_not_yours', params: { agent: 'awa' } });
    expect((await sena.post(`/api/agent/callbacks/${id}/retry`)).body).toMatchObject({ status: 'pending' });
    // Back in the list, anyone's to take; then the supervisor may close it for kofi.
    expect((await kofi.post(`/api/agent/callbacks/${id}/take`)).body).toMatchObject({ status: 'taken', agent: 'kofi' });
    expect((await sena.post(`/api/agent/callbacks/${id}/done`)).body).toMatchObject({ status: 'done' });
  });
});

describe('a web chat visitor handed to an agent', () => {
  it('is shown to agents without the conversation id that would let them write as the visitor', async () => {
    const binding = (await server.admin.post('/api/bindings', { channel: 'webchat', address: 'site', flowId: 'selfcare-1919', environment: 'production' })).body.id as string;
    const chat = async (body: Record<string, unknown>) => {
      const answer = await fetch(`${server.url}/chat/${binding}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await answer.json()) as { conversationId: string; replies: unknown[] };
    };
    const { conversationId } = await chat({ open: true });
    await chat({ conversationId, option: 'fr' });
    await chat({ conversationId, option: 'agent' });

    const board = async () => (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; channel: string; sessionKey: string; callerNumber: string }> }>;
    await expect.poll(async () => (await board()).flatMap((q) => q.contacts).filter((c) => c.channel === 'webchat').length).toBe(1);
    const contact = (await board()).flatMap((q) => q.contacts).find((c) => c.channel === 'webchat')!;
    // The visitor is told apart by a digest, the same in every answer.
    expect(contact.callerNumber).toMatch(/^#[0-9a-f]{12}$/);
    expect(contact.sessionKey).toBe(`webchat:${binding}:${contact.callerNumber}`);

    const answers = [
      await awa.get('/api/agent/queues'),
      await awa.get(`/api/agent/contacts/${contact.id}`),
      await awa.post(`/api/agent/contacts/${contact.id}/take`),
      await awa.post(`/api/agent/contacts/${contact.id}/transfer`, { queue: 'support-en' }),
      await awa.post(`/api/agent/contacts/${contact.id}/callback`),
      await awa.get('/api/agent/callbacks'),
    ];
    // A web-chat visitor has no phone number: no callback (409 contact_not_callable), and the refusal names no id either.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 409, 200]);
    expect(answers[4]!.body.error.code).toBe('contact_not_callable');
    // Nor its beginning, which the flow's caller number is made of.
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(conversationId.slice(0, 13));
    expect(answers[1]!.body.contact).toMatchObject({ callerNumber: contact.callerNumber, context: { callerNumber: contact.callerNumber } });
    // The store keeps the real one: the conversation goes on for the visitor.
    expect((await server.store.getHandoffContact(contact.id))?.sessionKey).toBe(`webchat:${binding}:${conversationId}`);
  });
});

describe('a preview session', () => {
  it('is read and driven only by the user who started it; others get the answer of an unknown id', async () => {
    const tess = await userWithRoles(server, 'tess', ['tester']);
    const theo = await userWithRoles(server, 'theo', ['tester']);
    const started = await tess.post('/api/preview/sessions', { flowId: 'selfcare-1919', source: 'production', channel: 'voice', callerNumber: '+2290197000013' });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const unknown = await theo.get('/api/preview/sessions/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);

    for (const other of [theo, server.admin]) {
      const read = await other.get(`/api/preview/sessions/${id}`);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe(unknown.body.error.code);
      const drive = await other.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } });
      expect(drive.status).toBe(404);
      expect(drive.body.error.code).toBe('preview_not_found');
      expect((await other.post(`/api/preview/sessions/${id}/events`, { event: { type: 'hangup' } })).status).toBe(404);
    }
    // The tester's own preview is where she left it, untouched by the others' attempts.
    expect((await tess.get(`/api/preview/sessions/${id}`)).body.state).toMatchObject({ wait: { node: started.body.state.wait.node } });
    expect((await tess.post(`/api/preview/sessions/${id}/events`, { event: { type: 'digits', digits: '1' } })).status).toBe(200);
  });
});

describe('a contact moved to a queue the agent does not answer while they act on it', () => {
  it('is the same 404 as an unknown id: its new queue and holder are not told', async () => {
    const fifi = await userWithRoles(server, 'fifi', ['agent']);
    const users = (await server.admin.get('/api/users')).body as Array<{ id: string; username: string }>;
    const fifiId = users.find((u) => u.username === 'fifi')!.id;
    expect((await server.admin.patch(`/api/users/${fifiId}`, { queues: ['support-fr'] })).body).toMatchObject({ queues: ['support-fr'] });
    const call = await callForAgent('+2290197000018');
    const id = await waitingContact('+2290197000018');

    // fifi closes it as she saw it (waiting in support-fr); meanwhile sena moves it to support-en and kofi takes it there.
    staleRead('getHandoffContact', async () => {
      expect((await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', priority: 7 })).status).toBe(200);
      expect((await kofi.post(`/api/agent/contacts/${id}/take`)).status).toBe(200);
    });
    const close = await fifi.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' });
    expect(close.status).toBe(404);
    expect(close.body.error.code).toBe('contact_not_found');
    expect(JSON.stringify(close.body)).not.toMatch(/kofi|support-en/);
    expect((await fifi.get('/api/agent/contacts/no-such-contact')).body.error.code).toBe('contact_not_found');
    expect((await kofi.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'kofi', queue: 'support-en' });
    await call.hangup();
  });
});
