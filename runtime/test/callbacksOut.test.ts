import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCall, assertJambonzAccepts, dialResult, httpLink, startFakeJambonzApi, type FakeJambonzApi, type PlacedCall } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * Callbacks out on the 1919 demo, over real HTTP: an agent takes a callback request, Griot
 * places the call through (a local fake of) jambonz's REST API, jambonz's signed hooks get the
 * greeting and the dial to the agent, and a call that does not connect turns the request failed
 * for a retry. Without the jambonz API settings, taking a callback stays as it was.
 */
const SECRET = 'jambonz-callbacks-secret';
const ACCOUNT = '9351f46a-678c-43f5-b8a6-d4eb58d131af';
const KEY = '2c6b8b7e-0c1f-4a1e-9a53-5f8d0e3c7a10';
const SENSITIVE = /puk|momoBalance|transactions|txAmount/i;

let fake: FakeJambonzApi;
let server: TestServer;
let awa: ApiClient;
let kofi: ApiClient;
let calls = 0;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  fake = await startFakeJambonzApi({ accountSid: ACCOUNT, apiKey: KEY, webhookSecret: SECRET });
  const port = await freePort();
  server = await startTestServer({
    env: {
      PORT: String(port),
      GRIOT_DEMO: '1',
      GRIOT_PUBLIC_URL: `http://127.0.0.1:${port}`,
      JAMBONZ_WEBHOOK_SECRET: SECRET,
      JAMBONZ_API_BASE_URL: `${fake.url}/v1`,
      JAMBONZ_ACCOUNT_SID: ACCOUNT,
      JAMBONZ_API_KEY: KEY,
      JAMBONZ_API_TIMEOUT_MS: '300',
      GRIOT_CALLBACK_FROM: '+22921300000',
      GRIOT_CALLBACK_AGENT_TARGET: 'sip:{{agent}}@agents.example.bj',
      GRIOT_CALLBACK_RING_SECONDS: '25',
    },
  });
  awa = await userWithRoles(server, 'awa', ['agent']);
  kofi = await userWithRoles(server, 'kofi', ['agent']);
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});

/** A subscriber calls 1919, asks for an agent, and accepts a callback while waiting: the pending request. */
async function pendingCallback(target: TestServer, agent: ApiClient, from: string): Promise<string> {
  const call = new SimulatedCall(httpLink(target.url, { secret: SECRET }), { callSid: `CA-callback-${++calls}`, from, to: '1919' });
  await call.start();
  if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
  await call.press('4');
  expect(call.waitingOn).toMatchObject({ verb: 'enqueue' });
  const queues = (await agent.get('/api/agent/queues')).body as Array<{ contacts: Array<{ id: string; callerNumber: string; status: string }> }>;
  const contact = queues.flatMap((q) => q.contacts).find((c) => c.callerNumber === from && c.status === 'waiting');
  const requested = await agent.post(`/api/agent/contacts/${contact!.id}/callback`);
  expect(requested.status).toBe(201);
  await call.hangup();
  return requested.body.id as string;
}

const callbackTag = (call: PlacedCall) => (call.body.tag as { griotCallback: Record<string, any> }).griotCallback;
const request = async (id: string) => ((await awa.get('/api/agent/callbacks')).body as any[]).find((r) => r.id === id);

describe('callbacks out through the jambonz REST API', () => {
  it('places the call when an agent takes a callback, greets the subscriber and puts them through to the agent', async () => {
    const id = await pendingCallback(server, awa, '+2290197000002');
    const taken = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(taken.status).toBe(200);
    const call = fake.calls.at(-1)!;
    expect(taken.body).toMatchObject({ status: 'taken', agent: 'awa', attempts: 1, lastCall: { status: 'placed', attempt: 1, sid: call.sid, from: '+22921300000' } });

    // What jambonz received: who calls whom, Griot's own hooks, and the context without any sensitive value.
    expect(call.body).toMatchObject({
      from: '+22921300000',
      to: { type: 'phone', number: '+2290197000002' },
      call_hook: { url: `${server.url}/jambonz/callback/answer`, method: 'POST' },
      call_status_hook: { url: `${server.url}/jambonz/callback/status`, method: 'POST' },
      timeout: 25,
      speech_synthesis_vendor: 'google',
      speech_synthesis_voice: 'fr-FR-Wavenet-A',
    });
    expect(callbackTag(call)).toMatchObject({ id, attempt: 1, queue: 'support-fr', locale: 'fr', agent: 'awa', reason: expect.any(String), variables: { segment: 'vip' } });
    expect(Object.keys(callbackTag(call).variables).every((name) => ['segment', 'service', 'subscriberFound'].includes(name))).toBe(true);
    expect(JSON.stringify(call.body)).not.toMatch(SENSITIVE);

    // Only jambonz may drive the call: an unsigned hook is refused.
    const forged = await fetch(`${server.url}/jambonz/callback/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ call_sid: call.sid, customerData: call.body.tag }),
    });
    expect(forged.status).toBe(403);

    // The subscriber answers: a greeting in French, then the agent, with the context in SIP headers.
    const verbs = (await fake.answer(call)) as any[];
    assertJambonzAccepts(verbs, 'callback answer');
    expect(verbs[0]).toMatchObject({ verb: 'say', text: expect.stringContaining('vous avez demandé à être rappelé'), synthesizer: { vendor: 'google', language: 'fr-FR' } });
    expect(verbs[1]).toMatchObject({
      verb: 'dial',
      target: [{ type: 'sip', sipUri: 'sip:awa@agents.example.bj' }],
      callerId: '+2290197000002',
      headers: { 'X-Griot-Callback': id, 'X-Griot-Caller': '+2290197000002', 'X-Griot-Queue': 'support-fr', 'X-Griot-Agent': 'awa', 'X-Griot-Segment': 'vip' },
      actionHook: `${server.url}/jambonz/callback/dial`,
    });
    expect(JSON.stringify(verbs)).not.toMatch(SENSITIVE);
    expect((await request(id)).lastCall).toMatchObject({ status: 'answered', sid: call.sid });

    // They talk; the agent hangs up; the request stays with the agent, who marks it done.
    expect(await fake.actionHook(call, verbs[1].actionHook, dialResult('completed'))).toEqual([{ verb: 'hangup' }]);
    await fake.status(call, 'completed');
    expect(await request(id)).toMatchObject({ status: 'taken', lastCall: { status: 'completed' } });
    expect((await awa.post(`/api/agent/callbacks/${id}/done`)).body).toMatchObject({ status: 'done' });
  });

  it('marks the request failed when the subscriber does not answer, and a retry places a new call for the next agent', async () => {
    const id = await pendingCallback(server, awa, '+2290197000003');
    await awa.post(`/api/agent/callbacks/${id}/take`);
    const first = fake.calls.at(-1)!;
    await fake.status(first, 'ringing');
    expect((await request(id)).status).toBe('taken');
    await fake.status(first, 'no-answer');
    expect(await request(id)).toMatchObject({ status: 'failed', lastCall: { status: 'failed', reason: 'no_answer', sid: first.sid } });

    expect((await awa.post(`/api/agent/callbacks/${id}/retry`)).body).toMatchObject({ status: 'pending' });
    const again = await kofi.post(`/api/agent/callbacks/${id}/take`);
    const second = fake.calls.at(-1)!;
    expect(second.sid).not.toBe(first.sid);
    expect(again.body).toMatchObject({ status: 'taken', agent: 'kofi', attempts: 2, lastCall: { status: 'placed', attempt: 2, sid: second.sid } });
    expect(callbackTag(second)).toMatchObject({ attempt: 2, agent: 'kofi' });

    // A late status of the first call changes nothing; the second subscriber leg is busy.
    await fake.status(first, 'busy');
    expect((await request(id)).status).toBe('taken');
    await fake.status(second, 'busy');
    expect(await request(id)).toMatchObject({ status: 'failed', lastCall: { reason: 'busy', attempt: 2 } });
  });

  it('marks the request failed when the agent does not pick up, after telling the subscriber', async () => {
    const id = await pendingCallback(server, awa, '+2290197000001');
    await awa.post(`/api/agent/callbacks/${id}/take`);
    const call = fake.calls.at(-1)!;
    const verbs = (await fake.answer(call)) as any[];
    const goodbye = await fake.actionHook(call, verbs[1].actionHook, dialResult('no-answer'));
    assertJambonzAccepts(goodbye, 'agent unavailable');
    expect(goodbye).toEqual([expect.objectContaining({ verb: 'say', text: expect.stringContaining('pas pu joindre le conseiller') }), { verb: 'hangup' }]);
    await fake.status(call, 'completed');
    expect(await request(id)).toMatchObject({ status: 'failed', lastCall: { status: 'failed', reason: 'agent_unavailable', detail: expect.stringContaining('no-answer') } });
  });

  it('says clearly when jambonz does not place the call, and a retry works once it does', async () => {
    const id = await pendingCallback(server, awa, '+2290197000004');
    const placedBefore = fake.calls.length;
    fake.failNext({ status: 503, body: { msg: 'no available feature servers at this time' } });
    const down = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'failed', attempts: 1, lastCall: { status: 'failed', reason: 'jambonz_unavailable', detail: expect.stringContaining('503') } });

    await awa.post(`/api/agent/callbacks/${id}/retry`);
    fake.failNext({ delayMs: 1000 });
    const slow = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(slow.body).toMatchObject({ status: 'failed', lastCall: { reason: 'jambonz_unavailable', detail: expect.stringContaining('within 300 ms') } });

    await awa.post(`/api/agent/callbacks/${id}/retry`);
    fake.failNext({ status: 400, body: { msg: 'missing or invalid to property' } });
    const refused = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(refused.body).toMatchObject({ status: 'failed', lastCall: { reason: 'jambonz_refused', detail: expect.stringContaining('missing or invalid to property') } });

    await awa.post(`/api/agent/callbacks/${id}/retry`);
    const placed = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(placed.body).toMatchObject({ status: 'taken', attempts: 4, lastCall: { status: 'placed', attempt: 4 } });
    // The slow request reached jambonz after Griot gave up on it; its status does not touch the new attempt.
    await expect.poll(() => fake.calls.length).toBe(placedBefore + 2);
    const late = fake.calls.slice(placedBefore).find((c) => callbackTag(c).attempt === 2)!;
    await fake.status(late, 'no-answer');
    expect(await request(id)).toMatchObject({ status: 'taken', lastCall: { status: 'placed', attempt: 4 } });
  });

  it('calls from the caller ID set on the voice binding the subscriber called', async () => {
    const bindings = (await server.admin.get('/api/bindings')).body as any[];
    const voice = bindings.find((b) => b.channel === 'voice' && b.address === '1919');
    const { id: bindingId, channel, address, flowId, environment, testers } = voice;
    const updated = await server.admin.put(`/api/bindings/${bindingId}`, { channel, address, flowId, environment, testers, settings: { callbackFrom: '+22921309999' } });
    expect(updated.status).toBe(200);
    const id = await pendingCallback(server, awa, '+2290197000005');
    const taken = await awa.post(`/api/agent/callbacks/${id}/take`);
    expect(taken.body.lastCall).toMatchObject({ status: 'placed', from: '+22921309999' });
    expect(fake.calls.at(-1)!.body.from).toBe('+22921309999');
  });
});

describe('callbacks without the jambonz REST API', () => {
  it('takes a callback as before: nothing is placed, the agent dials by hand', async () => {
    const plain = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
    try {
      const agent = await userWithRoles(plain, 'ama', ['agent']);
      const placedBefore = fake.requests.length;
      const id = await pendingCallback(plain, agent, '+2290197000003');
      const taken = await agent.post(`/api/agent/callbacks/${id}/take`);
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ status: 'taken', agent: 'ama', attempts: 1 });
      expect(taken.body.lastCall).toBeUndefined();
      expect(fake.requests.length).toBe(placedBefore);
      const hook = await fetch(`${plain.url}/jambonz/callback/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(hook.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
