import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJambonz } from '@griot/connectors';
import { SimulatedCall, type JambonzLink } from '@griot/connectors/voice/testing';
import { Flow } from '@griot/flows';
import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { startTwoInstances, TWO_INSTANCES_JAMBONZ_SECRET, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * A signed jambonz hook replayed within the signature's tolerance (its `t`, `v1` and body as they
 * were), on the instance that answered it or on another one sharing the store.
 */
interface Sent {
  path: string;
  body: string;
  signature: string;
}

let operator: FakeOperator;
let pair: TwoInstances;

beforeAll(async () => {
  operator = await FakeOperator.start();
  pair = await startTwoInstances({ env: { GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET } });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await operator?.close();
});

/**
 * jambonz's webhooks to instance a (or to the instance `pick` names for each, as a balancer
 * spreading a call's hooks), each kept as it was sent (path, body, signature) to be sent again.
 */
function recordingLink(sent: Sent[], pick: (index: number) => 'a' | 'b' = () => 'a'): JambonzLink {
  const post = async (path: string, payload: Record<string, unknown>) => {
    const to = pair[pick(sent.length)].url;
    const url = new URL(path, to);
    const body = JSON.stringify(payload);
    const signature = signJambonz(TWO_INSTANCES_JAMBONZ_SECRET, body);
    sent.push({ path: `${url.pathname}${url.search}`, body, signature });
    const res = await fetch(`${to}${url.pathname}${url.search}`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': signature }, body });
    const text = await res.text();
    if (res.status !== 200 && res.status !== 204) throw new Error(`${path} answered ${res.status}: ${text}`);
    return text === '' ? [] : (JSON.parse(text) as unknown[]);
  };
  return {
    transport: 'http',
    newCall: (payload) => post('/jambonz/call', payload),
    hook: (_kind, hook, payload) => post(hook, payload),
    nextCommand: () => Promise.reject(new Error('webhooks have no pushed commands')),
    status: async (payload) => {
      await post('/jambonz/status', payload);
    },
    close() {},
  };
}

async function replay(to: 'a' | 'b', sent: Sent): Promise<{ status: number; text: string }> {
  const res = await fetch(`${pair[to].url}${sent.path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': sent.signature }, body: sent.body });
  return { status: res.status, text: await res.text() };
}

async function transcriptsOf(callSid: string): Promise<Array<{ sessionKey: string; endReason?: string; turns: unknown[] }>> {
  const listed = (await pair.a.admin.get('/api/transcripts?limit=50')).body as Array<{ sessionKey: string; endReason?: string; turns: unknown[] }>;
  return listed.filter((t) => t.sessionKey === `voice:${callSid}`);
}

/** A balance line: each « 1 » asks the operator's system again, then back to the menu. */
const balanceLine = Flow.parse({
  schemaVersion: 2,
  id: 'balance-line',
  name: 'Balance line',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  variables: [{ name: 'balanceAirtime', type: 'number' }],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'menu',
      type: 'menu',
      prompt: { fr: { text: 'Tapez 1 pour votre solde, 2 pour terminer.' } },
      maxRetries: 0,
      options: [
        { id: 'balance', key: '1', label: { fr: 'solde' } },
        { id: 'end', key: '2', label: { fr: 'terminer' } },
      ],
    },
    {
      id: 'lookup',
      type: 'http',
      method: 'GET',
      backend: 'operator',
      url: '/subscribers/{{caller.number}}',
      headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}' },
      timeoutMs: 4000,
      responseMapping: [{ variable: 'balanceAirtime', path: '$.balance.airtime' }],
    },
    { id: 'balance', type: 'message', prompt: { fr: { text: 'Votre crédit est de {{balanceAirtime}} francs CFA.' } } },
    { id: 'down', type: 'message', prompt: { fr: { text: 'Service indisponible.' } } },
    { id: 'bye', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'balance', target: 'lookup' },
    { id: 'e3', source: 'menu', output: 'end', target: 'bye' },
    { id: 'e4', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e5', source: 'menu', output: 'noMatch', target: 'menu' },
    { id: 'e6', source: 'lookup', output: 'ok', target: 'balance' },
    { id: 'e7', source: 'lookup', output: 'notFound', target: 'down' },
    { id: 'e8', source: 'lookup', output: 'error', target: 'down' },
    { id: 'e9', source: 'lookup', output: 'timeout', target: 'down' },
    { id: 'e10', source: 'balance', output: 'next', target: 'menu' },
    { id: 'e11', source: 'down', output: 'next', target: 'menu' },
  ],
});

const LINE = '1920';

async function bindBalanceLine(): Promise<void> {
  expect((await pair.a.admin.post('/api/flows', { document: balanceLine })).status).toBe(201);
  const published = await pair.b.admin.post('/api/flows/balance-line/publish', { message: 'v1' });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  expect((await pair.a.admin.post('/api/flows/balance-line/environments/production', { version: 1 })).status).toBe(200);
  expect((await pair.b.admin.post('/api/bindings', { channel: 'voice', address: LINE, flowId: 'balance-line', environment: 'production' })).status).toBe(201);
}

describe('a signed jambonz hook replayed within the signature’s tolerance', () => {
  beforeAll(bindBalanceLine, 30_000);

  for (const to of ['a', 'b'] as const) {
    it(`on ${to === 'a' ? 'the instance that answered it' : 'another instance'}: the gather is refused (409), the operator is not asked again, the call goes on where it was`, async () => {
      const sent: Sent[] = [];
      const callSid = `CA-replayed-gather-${to}`;
      const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
      await call.start();
      const hits = operator.hits;
      await call.press('1');
      expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
      expect(operator.hits - hits).toBe(1);
      const balanceGather = sent.at(-1)!;
      expect(balanceGather.path).toBe('/jambonz/gather');

      const again = await replay(to, balanceGather);
      expect(again.status, again.text).toBe(409);
      expect(JSON.parse(again.text)).toMatchObject({ error: { code: 'hook_replayed' } });
      expect(again.text).not.toContain('1500');
      // The operator's system was asked once, and the transcript has the turns the caller took, no more.
      expect(operator.hits - hits).toBe(1);
      const [transcript] = await transcriptsOf(callSid);
      const turns = transcript!.turns.length;

      // The caller, still on the call, goes on from the menu as before.
      const mark = call.heard.length;
      await call.press('2');
      expect(call.heardSince(mark)).not.toContain('Service indisponible');
      await call.hangup();
      const after = await transcriptsOf(callSid);
      expect(after).toHaveLength(1);
      expect(after[0]!.turns.length).toBeGreaterThan(turns);
      expect(after[0]!.endReason).toBe('done');
    }, 30_000);
  }

  it('a slow look-up’s redirect (continue) sent again once the call is past it: refused (409), the live call is not moved on', async () => {
    const sent: Sent[] = [];
    const callSid = 'CA-replayed-continue';
    const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    operator.delayMs = 3000;
    try {
      await call.press('1'); // past the 2.5 s budget: « Un instant » then the continue hook
    } finally {
      operator.delayMs = 0;
    }
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    const continued = sent.find((s) => s.path.startsWith('/jambonz/continue'));
    expect(continued).toBeDefined();
    const hits = operator.hits;

    for (const to of ['a', 'b'] as const) {
      const again = await replay(to, continued!);
      expect(again.status, again.text).toBe(409);
      expect(JSON.parse(again.text)).toMatchObject({ error: { code: 'hook_replayed' } });
    }
    // The caller, at the menu, still gets their balance (the menu's silence, « bye », was not run for them).
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toContain('Votre crédit est de 1500 francs CFA.');
    expect(operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
    expect((await transcriptsOf(callSid)).map((t) => t.endReason)).toEqual(['done']);
  }, 30_000);

  it('a call whose hooks a round-robin balancer spreads over both instances (a, b, a, b…): every key is answered, none refused', async () => {
    const sent: Sent[] = [];
    const callSid = 'CA-round-robin';
    const call = new SimulatedCall(
      recordingLink(sent, (index) => (index % 2 === 0 ? 'a' : 'b')),
      { callSid, from: '+2290197000001', to: LINE },
    );
    await call.start(); // a
    const hits = operator.hits;
    await call.press('1'); // b: the balance, back at the menu
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    // a kept the session as its call hook left it: the key answers the menu b rendered since, not a replay.
    const mark = call.heard.length;
    await call.press('1'); // a
    expect(call.heardSince(mark)).toContain('Votre crédit est de 1500 francs CFA.');
    await call.press('1'); // b
    expect(operator.hits - hits).toBe(3);
    await call.press('2'); // a
    await call.hangup();
    expect((await transcriptsOf(callSid)).map((t) => t.endReason)).toEqual(['done']);
  }, 30_000);

  it('the call hook again on another instance is refused (409): the live contact is not replaced, no second transcript', async () => {
    const sent: Sent[] = [];
    const callSid = 'CA-replayed-call-hook';
    const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    const callHook = sent[0]!;
    expect(callHook.path).toBe('/jambonz/call');
    // On the instance that answered it: its first answer again (jambonz retries a call hook whose answer it did not get).
    const same = await replay('a', callHook);
    expect(same.status).toBe(200);
    const elsewhere = await replay('b', callHook);
    expect(elsewhere.status, elsewhere.text).toBe(409);
    expect(JSON.parse(elsewhere.text)).toMatchObject({ error: { code: 'hook_replayed' } });
    // The real call goes on: its balance, then goodbye.
    const hits = operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    expect(operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
    const transcripts = await transcriptsOf(callSid);
    expect(transcripts.map((t) => t.endReason)).toEqual(['done']);
    // Once over, the call hook replayed starts nothing either.
    expect((await replay('b', callHook)).status).toBe(409);
    expect(await transcriptsOf(callSid)).toHaveLength(1);
  }, 30_000);

  it('the final call status again, on either instance: acknowledged, nothing changes', async () => {
    const sent: Sent[] = [];
    const callSid = 'CA-replayed-status';
    const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    await call.press('1');
    await call.hangup();
    const status = sent.at(-1)!;
    expect(status.path).toBe('/jambonz/status');
    const before = await transcriptsOf(callSid);
    expect(before.map((t) => t.endReason)).toEqual(['hangup']);
    for (const to of ['a', 'b'] as const) expect((await replay(to, status)).status).toBe(204);
    const after = await transcriptsOf(callSid);
    expect(after.map((t) => [t.endReason, t.turns.length])).toEqual(before.map((t) => [t.endReason, t.turns.length]));
  }, 30_000);
});
