import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * The callback offer on the phone, as jambonz runs it: the queue's wait hook makes a caller who
 * waited past the queue's threshold leave, the action hook offers a callback, and the caller's
 * answer either stores a request (with the contact's context, in the inbox) and ends the call
 * politely, or puts them back in the queue one priority step up. A closed queue that offers
 * callbacks asks at once; declining leads to the flow's message.
 */
const SECRET = 'jambonz-callback-secret';
let server: TestServer;
let awa: ApiClient;
let supervisor: ApiClient;
let calls = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  awa = await userWithRoles(server, 'awa', ['agent']);
  supervisor = await userWithRoles(server, 'sena', ['supervisor']);
});
afterAll(() => server.stop());

const settings = (over: Record<string, unknown> = {}) => ({ callbackAfterSeconds: 60, timezone: 'Africa/Porto-Novo', weeklyHours: {}, holidays: [], ...over });
const closedDays = () => [-1, 0, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));

async function callForAgent(from: string): Promise<SimulatedCall> {
  const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-offer-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  return call;
}

type Contact = { id: string; callerNumber: string; status: string; priority: number; outcome?: string };
const waitingIn = async (queue: string): Promise<Contact[]> => {
  const queues = (await awa.get('/api/agent/queues')).body as Array<{ queue: string; contacts: Contact[] }>;
  return queues.find((q) => q.queue === queue)?.contacts.filter((c) => c.status === 'waiting') ?? [];
};
const pendingCallbacks = async () => (await awa.get('/api/agent/callbacks?status=pending')).body as Array<Record<string, any>>;

describe('callback offers on the 1919 line', () => {
  it('offers a callback past the threshold; accepting stores the request with its context and ends the call politely', async () => {
    expect((await supervisor.put('/api/agent/queues/support-fr/settings', settings())).status).toBe(200);
    const call = await callForAgent('+2290197000003');
    expect(call.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr' });
    await call.waitInQueue(30, 2);
    expect(call.waitingOn?.verb).toBe('enqueue'); // not yet
    const mark = call.heard.length;
    await call.waitInQueue(60, 2);
    expect(call.waitingOn).toMatchObject({ verb: 'gather', actionHook: expect.stringContaining('/jambonz/callback-offer') });
    // In the flow's words (its handoff node's callbackOfferPrompt).
    expect(call.heardSince(mark)).toContain("Pour être rappelé sur ce numéro dès qu'un conseiller sera libre, tapez 1 ou dites oui");

    await call.press('1');
    expect(call.heardSince(mark)).toContain('un conseiller vous rappellera sur ce numéro');
    expect(call.ended).toBe(true);
    const [request] = (await pendingCallbacks()).filter((r) => r.number === '+2290197000003');
    expect(request).toMatchObject({ queue: 'support-fr', locale: 'fr', reason: "Demande d'assistance", status: 'pending', context: { flowId: 'selfcare-1919', callerNumber: '+2290197000003' } });
    expect(JSON.stringify(request)).not.toMatch(/puk/i);
    expect((await awa.get(`/api/agent/contacts/${request!.contactId}`)).body.contact).toMatchObject({ status: 'closed', outcome: 'callback' });
    expect(await waitingIn('support-fr')).toEqual([]);
    for (const c of call.received) for (const v of c as Array<{ verb: string }>) expect(v.verb).not.toBe('redirect');
  });

  it('puts a caller who declines back in the queue ahead of those at their former priority, and asks only once', async () => {
    const early = await callForAgent('+2290197000001');
    const declining = await callForAgent('+2290197000005');
    await declining.waitInQueue(60, 1);
    expect(declining.waitingOn?.verb).toBe('gather');
    await declining.press('2');
    expect(declining.heard.at(-1)).toBe('Merci. Vous restez en ligne, un conseiller va vous répondre.');
    expect(declining.waitingOn).toMatchObject({ verb: 'enqueue', name: 'support-fr', priority: 998 });
    const waiting = await waitingIn('support-fr');
    expect(waiting.map((c) => [c.callerNumber, c.priority])).toEqual([
      ['+2290197000005', 998],
      ['+2290197000001', 999],
    ]);
    // Waiting on: no second offer.
    await declining.waitInQueue(300, 0);
    expect(declining.waitingOn?.verb).toBe('enqueue');
    // Silence at the offer counts as staying too.
    await early.waitInQueue(60, 1);
    await early.silence();
    expect(early.waitingOn).toMatchObject({ verb: 'enqueue', priority: 998 });
    for (const call of [early, declining]) await call.hangup();
    await expect.poll(async () => (await waitingIn('support-fr')).length).toBe(0);
  });

  it('with the queue closed and callbacks offered, asks at once; declining gives the flow’s message', async () => {
    await supervisor.put('/api/agent/queues/support-fr/settings', settings({ holidays: closedDays(), whenClosed: 'callback' }));
    const declining = await callForAgent('+2290197000001');
    expect(declining.received.flat().some((v: any) => v.verb === 'enqueue')).toBe(false);
    expect(declining.waitingOn).toMatchObject({ verb: 'gather', actionHook: expect.stringContaining('/jambonz/callback-offer') });
    expect(declining.heard.at(-1)).toContain('Nos conseillers ne sont pas disponibles pour le moment. Pour être rappelé dès leur retour');
    const mark = declining.heard.length;
    await declining.press('2');
    expect(declining.heardSince(mark)).toContain('Merci de rappeler plus tard');
    expect((await pendingCallbacks()).some((r) => r.number === '+2290197000001')).toBe(false);

    const accepting = await callForAgent('+2290197000004');
    await accepting.speak('oui s’il vous plaît');
    expect(accepting.heard.join(' ')).toContain('un conseiller vous rappellera sur ce numéro');
    expect((await pendingCallbacks()).some((r) => r.number === '+2290197000004')).toBe(true);
    await supervisor.put('/api/agent/queues/support-fr/settings', settings());
  });
});
