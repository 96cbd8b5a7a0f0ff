import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FlowPort, type FlowPortOptions } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { httpLink, wsLink, type JambonzLink } from './testing/jambonzLinks.ts';
import { SimulatedCall } from './testing/simulatedCall.ts';
import { assertJambonzAccepts, assertWaitHookAnswer } from './testing/jambonzOracles.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';

const flow = voiceTestFlow();
const bindings: FlowPortOptions['bindings'] = [
  { id: 'b-1919', flowId: flow.id, address: '1919', settings: { queueMaxWaitSeconds: 60 } },
  { id: 'b-1920', flowId: flow.id, address: '1920', settings: { handoff: { mode: 'sip', sipUri: 'sip:agents@acd.operator.bj' } } },
];
const fixtures = { lookup: { status: 200, body: { puk: '12345678', segment: 'vip' } } };
/** jambonz's side of the credentials, as an operator configures them. */
const SECRET = 'journeys-webhook-secret';
const WS_AUTH = { username: 'jambonz-app', password: 'journeys-ws-password' };

let port: FlowPort;
let server: VoiceTestServer;
let sid = 0;
/** The server keeps one port; each test swaps the engine behind it. */
const delegate: ConversationPort & BindingDirectory = {
  findBinding: (channel, address) => port.findBinding(channel, address),
  getBinding: (id) => port.getBinding(id),
  start: (input) => port.start(input),
  handle: (key, event, options) => port.handle(key, event, options),
  awaitPending: (key, maxWaitMs) => port.awaitPending(key, maxWaitMs),
  end: (key, reason) => port.end(key, reason),
};

beforeEach(() => {
  port = new FlowPort({ flow, bindings, fixtures });
});
beforeAll(async () => {
  server = await startVoiceTestServer({
    conversations: delegate,
    bindings: delegate,
    webhookSecret: SECRET,
    wsAuth: WS_AUTH,
    webhookBudgetMs: 150,
    continueWaitMs: 200,
    publicBaseUrl: 'https://griot.example',
    bindingCacheMs: 0,
    logger: { info() {}, warn() {}, debug() {}, error: (details, message) => console.error(message, details) },
  });
});
afterAll(() => server.close());

describe.each(['http', 'ws'] as const)('a call over %s', (transport) => {
  const link = async (): Promise<JambonzLink> => (transport === 'http' ? httpLink(server.url, { secret: SECRET }) : wsLink(server.wsUrl, { auth: WS_AUTH }));
  const call = async (from = '+2290197000001', to = '1919') => new SimulatedCall(await link(), { callSid: `CA-${transport}-${++sid}`, from, to }, { commandTimeoutMs: 3000 });
  const conforms = (c: SimulatedCall) => c.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `answer ${i}`));

  it('offers the languages, reads the PUK code digit by digit in French, and hangs up', async () => {
    const c = await call();
    await c.start();
    expect(c.heard).toEqual(['Pour le français, tapez 1.', 'For English, press 2.', '[play] https://griot.example/audio/voice-test/fon/lang.wav']);
    expect(c.waitingOn).toMatchObject({ verb: 'gather', input: ['digits'], numDigits: 1 });
    await c.press('1');
    expect(c.waitingOn).toMatchObject({ verb: 'gather', input: ['digits', 'speech'], recognizer: { vendor: 'google', language: 'fr-FR' } });
    let mark = c.heard.length;
    await c.press('1');
    expect(c.heardSince(mark)).toContain('Votre code PUK est <break time="300ms"/> 1, 2, 3, 4, 5, 6, 7, 8.');
    expect(c.ended).toBe(true);
    await c.hangup();
    await expect.poll(() => port.ended.get(`voice:${c.identity.callSid}`)).toBe('hangup');
    conforms(c);
    c.close();

    // Called again from the same number: straight to the French menu.
    const again = await call();
    await again.start();
    expect(again.heard[0]).toContain('Tapez 1 pour votre code PUK');
    mark = again.heard.length;
    await again.speak('mon solde');
    expect(again.heardSince(mark)).toContain('numéro de compte');
    await again.press('4321#');
    expect(again.heardSince(mark)).toContain('Le compte 4, 3, 2, 1 a un solde');
    expect(again.waitingOn).toMatchObject({ verb: 'gather', numDigits: 1 });
    conforms(again);
    again.close();
  });

  it('fills a slow look-up with its wait prompt and continues when the answer comes', async () => {
    port = new FlowPort({ flow, bindings, fixtures, lookupDelayMs: { lookup: 300 } });
    const c = await call('+2290197000002');
    await c.start();
    await c.press('1');
    const mark = c.heard.length;
    await c.press('1');
    const heard = c.heardSince(mark);
    expect(heard).toMatch(/Un instant, je cherche votre code\..*Votre code PUK est/);
    expect(c.ended).toBe(true);
    conforms(c);
    c.close();
  });

  it('keeps the caller company while a very slow look-up runs, then takes its answer', async () => {
    port = new FlowPort({ flow, bindings, fixtures, lookupDelayMs: { lookup: 500 } });
    const c = await call('+2290197000003');
    await c.start();
    await c.press('1');
    const mark = c.heard.length;
    await c.press('1');
    expect(c.heardSince(mark)).toMatch(/Un instant.*Merci de patienter encore un instant\..*Votre code PUK/);
    conforms(c);
    c.close();
  });

  it('queues the caller for an agent, announces the place in line, and returns to the flow', async () => {
    const c = await call('+2290197000004');
    await c.start();
    await c.press('2');
    await c.press('3');
    expect(c.waitingOn).toEqual({ verb: 'enqueue', name: 'support-en', priority: 999, waitHook: '/jambonz/queue-wait', actionHook: '/jambonz/queue-action' });
    const wait = await c.queueWait(1);
    assertWaitHookAnswer(wait);
    expect(wait[0]).toMatchObject({ verb: 'say', text: 'You are number 2 in the queue. Please hold.' });
    expect(await c.queueWait(0, 61)).toEqual([{ verb: 'leave' }]);
    await c.queueEnds('leave');
    expect(c.heard.at(-1)).toBe('Service unavailable.');
    expect(c.ended).toBe(true);
    conforms(c);
    c.close();
  });

  it('says goodbye after the agent releases the caller', async () => {
    const c = await call('+2290197000005');
    await c.start();
    await c.press('1');
    await c.press('3');
    await c.queueEnds('bridged');
    expect(c.heard.at(-1)).toBe('Au revoir.');
    conforms(c);
    c.close();
  });

  it('dials the contact centre over SIP when the binding says so', async () => {
    const c = await call('+2290197000006', '1920');
    await c.start();
    await c.press('1');
    await c.press('3');
    expect(c.waitingOn).toMatchObject({ verb: 'dial', headers: { 'X-Griot-Caller': '+2290197000006', 'X-Griot-Locale': 'fr', 'X-Griot-Session': `voice:${c.identity.callSid}` } });
    await c.dialEnds('busy');
    expect(c.heard.at(-1)).toBe('Service indisponible.');
    conforms(c);
    c.close();
  });

  it('apologises and hangs up on an unknown number', async () => {
    const c = await call('+2290197000007', '5555');
    await c.start();
    expect(c.heard).toEqual([expect.stringContaining('Nous sommes désolés')]);
    expect(c.ended).toBe(true);
    conforms(c);
    c.close();
  });

  it('apologises when nothing is published for the number', async () => {
    port = new FlowPort({ flow, bindings, unpublished: true });
    const c = await call('+2290197000008');
    await c.start();
    // In French (the binding's default), with the account's TTS vendor from the first request.
    expect(c.received[0]).toEqual([{ verb: 'say', text: expect.stringContaining('désolés'), synthesizer: { vendor: 'google', language: 'fr-FR' } }, { verb: 'hangup' }]);
    c.close();
  });

  it('re-prompts after silence, then takes the no-input path', async () => {
    const c = await call('+2290197000009');
    await c.start();
    await c.press('1');
    const mark = c.heard.length;
    await c.silence();
    expect(c.heardSince(mark)).toContain("Je n'ai rien entendu.");
    await c.silence();
    await c.silence();
    expect(c.ended).toBe(true);
    conforms(c);
    c.close();
  });
});
