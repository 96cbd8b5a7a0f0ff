import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Over real HTTP on the 1919 demo: an agent's transfer goes only to a queue Griot knows (a typo
 * no longer opens a queue nobody answers), and a click made from a stale screen (the contact
 * changed hands since the agent saw it) is refused with `contact_changed_hands`.
 */
const SECRET = 'jambonz-transfer-secret';
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let sena: ApiClient;
let yao: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
  sena = await userWithRoles(server, 'sena', ['supervisor']);
  yao = await userWithRoles(server, 'yao', ['supervisor']);
}, 60_000);
afterAll(() => server.stop());

async function callForAgent(from: string): Promise<{ call: SimulatedCall; id: string }> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-transfer-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  const find = async () => {
    const queues = (await awa.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
    return queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === from && c.status === 'waiting')?.id;
  };
  await expect.poll(find).toBeDefined();
  return { call, id: (await find())! };
}

const queueNames = async () => ((await awa.get('/api/agent/queues')).body as Array<{ queue: string }>).map((q) => q.queue);

describe('transferring to a queue', () => {
  it('lists the queues the flows hand over to, refuses a typo and keeps the contact where it was', async () => {
    const { call, id } = await callForAgent('+2290197000101');
    const listed = await awa.get('/api/agent/transfer-queues');
    expect(listed.status).toBe(200);
    // The demo's handoff nodes name `support-{{caller.locale}}`: one queue per language of the flow.
    expect(listed.body.queues).toEqual(expect.arrayContaining(['support-fr', 'support-en', 'whatsapp-fr']));
    expect(listed.body.queues).not.toContain('support-{{caller.locale}}');

    const typo = await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'suport-fr' });
    expect(typo.status).toBe(422);
    expect(typo.body.error).toMatchObject({ code: 'unknown_queue', params: { queue: 'suport-fr' } });
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'waiting', queue: 'support-fr' });
    expect(await queueNames()).not.toContain('suport-fr');

    // support-en has no settings and nobody waiting: it exists only in the flow's handoff node, and is a valid target.
    const moved = await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'waiting', queue: 'support-en' });
    await call.hangup();
  });
});

describe('a contact transferred to another queue', () => {
  it('waits there from the transfer, behind those already waiting, and keeps when the subscriber first asked', async () => {
    const first = await callForAgent('+2290197000111');
    const before = (await awa.get(`/api/agent/contacts/${first.id}`)).body;
    // Someone already waits in support-en (the caller asked for an English agent).
    const other = await callForAgent('+2290197000112');
    expect((await awa.post(`/api/agent/contacts/${other.id}/transfer`, { queue: 'support-en' })).status).toBe(200);
    expect((await awa.post(`/api/agent/contacts/${first.id}/take`, {})).status).toBe(200);
    const moved = await awa.post(`/api/agent/contacts/${first.id}/transfer`, { queue: 'support-en' });
    expect(moved.status).toBe(200);
    // Its wait in support-en counts from the transfer; the total, from when the subscriber asked.
    expect(moved.body.firstEnqueuedAt).toBe(before.contact.enqueuedAt);
    expect(moved.body.enqueuedAt > before.contact.enqueuedAt).toBe(true);
    const queues = (await awa.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; enqueuedAt: string; firstEnqueuedAt?: string }> }>;
    const english = queues.find((q) => q.queue === 'support-en')!.contacts.map((c) => c.id);
    // Served after the one already waiting there, though it asked first.
    expect(english.indexOf(other.id)).toBeLessThan(english.indexOf(first.id));
    // What the subscriber said to the bot before asking is still shown to the next agent.
    const after = (await awa.get(`/api/agent/contacts/${first.id}`)).body;
    expect(after.botTurns.length).toBeGreaterThan(0);
    expect(after.botTurns).toEqual(before.botTurns);
    // A second transfer keeps the first time asked.
    const again = await awa.post(`/api/agent/contacts/${first.id}/transfer`, { queue: 'support-fr' });
    expect(again.body.firstEnqueuedAt).toBe(before.contact.enqueuedAt);
    await first.call.hangup();
    await other.call.hangup();
  });
});

/**
 * A flow whose handoff queues are templates: `seg-{{segment}}`, where the menu's branches set
 * `segment` to `billing` or `data` (a finite list), and `typed-{{account}}`, where the caller types
 * `account` (open: any text). Its draft is live, so its queues count as soon as it is saved.
 */
function segmentedFlow(extraQueue?: string) {
  const fr = (text: string) => ({ fr: { text } });
  const handoff = (id: string, queue: string) => ({ id, type: 'handoff', queue, prompt: fr('Un instant.') });
  return {
    schemaVersion: 2,
    id: 'segments',
    name: 'Segments',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
    variables: [{ name: 'segment' }, { name: 'account' }],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'menu',
        type: 'menu',
        prompt: fr('1 facture, 2 internet, 3 compte.'),
        options: [
          { id: 'billing', key: '1', label: { fr: 'Facture' } },
          { id: 'data', key: '2', label: { fr: 'Internet' } },
          { id: 'account', key: '3', label: { fr: 'Compte' } },
        ],
      },
      { id: 'setBilling', type: 'set', assignments: [{ variable: 'segment', value: 'billing' }] },
      { id: 'setData', type: 'set', assignments: [{ variable: 'segment', value: 'data' }] },
      { id: 'askAccount', type: 'input', kind: 'text', variable: 'account', prompt: fr('Votre compte ?') },
      handoff('toSegment', 'seg-{{segment}}'),
      handoff('toAccount', 'typed-{{account}}'),
      ...(extraQueue ? [handoff('extra', extraQueue)] : []),
      { id: 'bye', type: 'end', prompt: fr('Au revoir.'), reason: 'served' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', output: 'billing', target: 'setBilling' },
      { id: 'e3', source: 'menu', output: 'data', target: 'setData' },
      { id: 'e4', source: 'menu', output: 'account', target: 'askAccount' },
      { id: 'e5', source: 'setBilling', output: 'next', target: 'toSegment' },
      { id: 'e6', source: 'setData', output: 'next', target: 'toSegment' },
      { id: 'e7', source: 'askAccount', output: 'ok', target: 'toAccount' },
    ],
  };
}

describe('which names a templated or crowded queue makes valid', () => {
  it('a template counts only for the names the flow can give it; an open one for none; the pick-list says the same', async () => {
    const admin = server.admin;
    expect((await admin.post('/api/flows', { document: segmentedFlow() })).status).toBe(201);
    const { call, id } = await callForAgent('+2290197000104');

    const listed = (await awa.get('/api/agent/transfer-queues')).body.queues as string[];
    expect(listed).toEqual(expect.arrayContaining(['seg-billing', 'seg-data']));
    expect(listed.filter((q) => q.startsWith('seg-') || q.startsWith('typed-'))).toEqual(['seg-billing', 'seg-data']);

    // Names the template would have matched as a pattern, and a queue named by what a caller types: refused.
    for (const queue of ['seg-anything', 'seg-billing-vip', 'typed-123', 'typed-']) {
      const refused = await sena.post(`/api/agent/contacts/${id}/transfer`, { queue });
      expect(refused.status, queue).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'unknown_queue', params: { queue } });
    }
    expect((await awa.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'waiting', queue: 'support-fr' });
    const moved = await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'seg-data' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ queue: 'seg-data' });
    await call.hangup();
  });

  it('a queue holding contacts only because someone moved them there is no target once nothing else knows it', async () => {
    // The flow of the test above (created here when this one runs alone).
    if ((await server.admin.get('/api/flows/segments/draft')).status === 404) expect((await server.admin.post('/api/flows', { document: segmentedFlow() })).status).toBe(201);
    const draft = async () => (await server.admin.get('/api/flows/segments/draft')).body as { revision: number };
    // For a while the draft hands over to `pilot-queue`: a supervisor moves a contact there.
    expect((await server.admin.put('/api/flows/segments/draft', { revision: (await draft()).revision, document: segmentedFlow('pilot-queue') })).status).toBe(200);
    const first = await callForAgent('+2290197000105');
    expect((await sena.post(`/api/agent/contacts/${first.id}/transfer`, { queue: 'pilot-queue' })).status).toBe(200);
    // The node is gone; the contact still waits there.
    expect((await server.admin.put('/api/flows/segments/draft', { revision: (await draft()).revision, document: segmentedFlow() })).status).toBe(200);
    expect(await queueNames()).toContain('pilot-queue');

    expect((await awa.get('/api/agent/transfer-queues')).body.queues).not.toContain('pilot-queue');
    const second = await callForAgent('+2290197000106');
    const refused = await sena.post(`/api/agent/contacts/${second.id}/transfer`, { queue: 'pilot-queue' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_queue', params: { queue: 'pilot-queue' } });
    // The contact already there can still be moved back where the flows hand over.
    expect((await sena.post(`/api/agent/contacts/${first.id}/transfer`, { queue: 'support-fr' })).status).toBe(200);
    await first.call.hangup();
    await second.call.hangup();
  });
});

describe('a click from a stale screen', () => {
  it('is refused when the contact changed hands since the agent saw it; clients that send no holder still act', async () => {
    const { call, id } = await callForAgent('+2290197000102');
    expect((await awa.post(`/api/agent/contacts/${id}/take`, { expected: { status: 'waiting', agent: null } })).body).toMatchObject({ status: 'assigned', agent: 'awa' });
    // Sena's screen shows awa holding it; meanwhile awa hands it on and kofi takes it.
    const sawAwa = { status: 'assigned', agent: 'awa' };
    expect((await awa.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr', expected: sawAwa })).status).toBe(200);
    expect((await kofi.post(`/api/agent/contacts/${id}/take`, {})).body).toMatchObject({ agent: 'kofi' });

    for (const [path, body] of [
      ['close', { outcome: 'resolved', expected: sawAwa }],
      ['transfer', { queue: 'support-en', expected: sawAwa }],
      ['release', { expected: sawAwa }],
    ] as const) {
      const refused = await sena.post(`/api/agent/contacts/${id}/${path}`, body);
      expect(refused.status, path).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'contact_changed_hands', params: { status: 'assigned', agent: 'kofi' } });
    }
    expect((await sena.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'assigned', agent: 'kofi', queue: 'support-fr' });
    // An agent who saw it waiting before kofi took it is told it is no longer waiting, as before.
    const lateTake = await awa.post(`/api/agent/contacts/${id}/take`, { expected: { status: 'waiting', agent: null } });
    expect(lateTake.body.error.code).toBe('contact_not_waiting');

    // Kofi saw it as it is: his close goes through; a client sending no holder is checked as before.
    expect((await kofi.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved', expected: { status: 'assigned', agent: 'kofi' } })).body).toMatchObject({ status: 'closed', agent: 'kofi' });
    expect((await sena.post(`/api/agent/contacts/${id}/close`, { outcome: 'resolved' })).body.error.code).toBe('contact_closed');
    await call.hangup();
  });

  it('refuses a supervisor moving a waiting contact a colleague already moved: the first move is not overwritten', async () => {
    const { call, id } = await callForAgent('+2290197000103');
    // Sena and Yao both see the contact waiting in support-fr, held by nobody.
    const sawWaiting = { status: 'waiting', agent: null, queue: 'support-fr' };
    expect((await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', expected: sawWaiting })).body).toMatchObject({ status: 'waiting', queue: 'support-en' });
    // Still waiting and held by nobody, but no longer where Yao saw it.
    const late = await yao.post(`/api/agent/contacts/${id}/transfer`, { queue: 'whatsapp-fr', expected: sawWaiting });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'contact_changed_hands', params: { status: 'waiting', queue: 'support-en' } });
    expect((await sena.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'waiting', queue: 'support-en' });
    // Seen where it is now, the move goes through.
    const seenNow = { status: 'waiting', agent: null, queue: 'support-en' };
    expect((await yao.post(`/api/agent/contacts/${id}/transfer`, { queue: 'whatsapp-fr', expected: seenNow })).body).toMatchObject({ queue: 'whatsapp-fr' });
    await call.hangup();
  });

  it('refuses a supervisor acting on a contact whose priority a colleague changed since they looked', async () => {
    const { call, id } = await callForAgent('+2290197000107');
    const seen = (await sena.get(`/api/agent/contacts/${id}`)).body.contact as { status: string; queue: string; priority: number };
    expect(seen.priority).not.toBe(1);
    const sawIt = { status: 'waiting', agent: null, queue: 'support-fr', priority: seen.priority };
    // Yao raises it to the front of support-fr: same status, nobody holds it, same queue.
    expect((await yao.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-fr', priority: 1, expected: sawIt })).body).toMatchObject({ queue: 'support-fr', priority: 1 });

    // Sena, from the screen showing the old priority, moves it, closes it, takes it: each refused, nothing changes.
    for (const [who, path, body] of [
      [sena, 'transfer', { queue: 'support-en', expected: sawIt }],
      [sena, 'close', { outcome: 'resolved', expected: sawIt }],
      [awa, 'take', { expected: sawIt }],
    ] as const) {
      const refused = await who.post(`/api/agent/contacts/${id}/${path}`, body);
      expect(refused.status, path).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'contact_changed_hands', params: { status: 'waiting', queue: 'support-fr', priority: 1 } });
    }
    expect((await sena.get(`/api/agent/contacts/${id}`)).body.contact).toMatchObject({ status: 'waiting', queue: 'support-fr', priority: 1 });
    // Seen as it is now, the move goes through.
    expect((await sena.post(`/api/agent/contacts/${id}/transfer`, { queue: 'support-en', expected: { ...sawIt, priority: 1 } })).body).toMatchObject({ queue: 'support-en', priority: 1 });
    await call.hangup();
  });
});
