import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '@griot/flows';
import { callbackCallRouter } from './callbackCallRouter.ts';
import type { CallbackCallPort } from './callbackCallPort.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import { JambonzCalls } from './jambonzCalls.ts';
import { jambonzRouter } from './jambonzRouter.ts';
import { planCallbackCall } from './planCallbackCall.ts';
import { startFakeJambonzApi, type FakeJambonzApi, type PlacedCall } from './testing/fakeJambonzApi.ts';
import { assertJambonzAccepts } from './testing/jambonzOracles.ts';
import { dialResult } from './testing/jambonzPayloads.ts';

const SECRET = 'callback-webhook-secret';
const ACCOUNT = 'acc-1';
const KEY = 'key-1';
const FR: Locale = { code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null };

let fake: FakeJambonzApi;
let server: Server;
let griot: string;
let waiting = true;
const answered: unknown[] = [];
const ended: unknown[] = [];
const port: CallbackCallPort = {
  answered: async (call) => {
    answered.push(call);
    return waiting ? { agentTarget: { type: 'sip', sipUri: 'sip:awa@agents.example.bj' } } : null;
  },
  ended: async (call) => void ended.push(call),
};

beforeAll(async () => {
  fake = await startFakeJambonzApi({ accountSid: ACCOUNT, apiKey: KEY, webhookSecret: SECRET });
  const app = express();
  // Mounted behind the inbound hooks, as the runtime does: they must not swallow the callback paths.
  app.use(jambonzRouter({ conversations: {} as ConversationPort, bindings: {} as BindingDirectory, webhookSecret: SECRET }));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  griot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.use(callbackCallRouter({ port, publicBaseUrl: griot, webhookSecret: SECRET, agentRingSeconds: 25 }));
});
afterAll(async () => {
  await fake.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  waiting = true;
  answered.length = 0;
  ended.length = 0;
});

async function placeCall(locale = 'fr'): Promise<PlacedCall> {
  const plan = planCallbackCall({
    request: { id: 'cb-7', attempt: 1, number: '+2290197000003', locale, queue: 'support-fr', reason: 'Conseiller', agent: 'awa', flow: { id: 'selfcare', version: 2 }, variables: { segment: 'vip' } },
    from: '+22921300000',
    publicBaseUrl: griot,
    ringSeconds: 30,
    locales: [FR],
  });
  if (!plan.ok) throw new Error(plan.problem);
  const { sid } = await new JambonzCalls({ baseUrl: fake.url, accountSid: ACCOUNT, apiKey: KEY }).create(plan.body);
  return fake.calls.find((c) => c.sid === sid)!;
}

describe('the hooks of a callback call', () => {
  it('greets the subscriber who answers and puts them through to the agent with the context in SIP headers', async () => {
    const call = await placeCall();
    const verbs = await fake.answer(call);
    assertJambonzAccepts(verbs, 'callback answer');
    expect(answered).toEqual([{ id: 'cb-7', attempt: 1, callSid: call.sid }]);
    expect(verbs).toEqual([
      { verb: 'say', text: expect.stringContaining('vous avez demandé à être rappelé'), synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' } },
      {
        verb: 'dial',
        target: [{ type: 'sip', sipUri: 'sip:awa@agents.example.bj' }],
        callerId: '+2290197000003',
        headers: {
          'X-Griot-Callback': 'cb-7',
          'X-Griot-Caller': '+2290197000003',
          'X-Griot-Locale': 'fr',
          'X-Griot-Reason': 'Conseiller',
          'X-Griot-Queue': 'support-fr',
          'X-Griot-Agent': 'awa',
          'X-Griot-Call': call.sid,
          'X-Griot-Flow': 'selfcare@2',
          'X-Griot-Segment': 'vip',
        },
        actionHook: `${griot}/jambonz/callback/dial`,
        timeout: 25,
      },
    ]);
    // The agent answered and later hung up: the call ends; the request is the agent's to close.
    expect(await fake.actionHook(call, `${griot}/jambonz/callback/dial`, dialResult('completed'))).toEqual([{ verb: 'hangup' }]);
    await fake.status(call, 'completed');
    expect(ended).toEqual([{ id: 'cb-7', attempt: 1, callSid: call.sid, outcome: 'completed', detail: 'SIP 200' }]);
  });

  it('tells the subscriber when the agent does not pick up, and reports it', async () => {
    const call = await placeCall();
    await fake.answer(call);
    const verbs = await fake.actionHook(call, `${griot}/jambonz/callback/dial`, dialResult('no-answer'));
    assertJambonzAccepts(verbs, 'agent unavailable');
    expect(verbs).toEqual([{ verb: 'say', text: expect.stringContaining('pas pu joindre le conseiller'), synthesizer: expect.any(Object) }, { verb: 'hangup' }]);
    expect(ended).toEqual([{ id: 'cb-7', attempt: 1, callSid: call.sid, outcome: 'agent-unavailable', detail: 'agent no-answer (SIP 480)' }]);
  });

  it('reports a subscriber who does not answer or is busy, and ignores progress statuses', async () => {
    const call = await placeCall();
    await fake.status(call, 'ringing');
    await fake.status(call, 'no-answer');
    const busy = await placeCall();
    await fake.status(busy, 'busy');
    expect(ended).toEqual([
      { id: 'cb-7', attempt: 1, callSid: call.sid, outcome: 'no-answer', detail: 'SIP 487' },
      { id: 'cb-7', attempt: 1, callSid: busy.sid, outcome: 'busy', detail: 'SIP 486' },
    ]);
  });

  it('apologises and hangs up when the request no longer waits for this call', async () => {
    waiting = false;
    const verbs = await fake.answer(await placeCall());
    assertJambonzAccepts(verbs, 'no longer waiting');
    expect(verbs).toEqual([expect.objectContaining({ verb: 'say' }), { verb: 'hangup' }]);
  });

  it('refuses unsigned hooks and hangs up a call that is not a Griot callback', async () => {
    const unsigned = await fetch(`${griot}/jambonz/callback/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call_sid: 'x' }) });
    expect(unsigned.status).toBe(403);
    const call = await placeCall();
    const stranger = await fake.answer({ ...call, body: { ...call.body, tag: { other: true } } });
    expect(stranger).toEqual([{ verb: 'hangup' }]);
    expect(answered).toEqual([]);
  });
});
