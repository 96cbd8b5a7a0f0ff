import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJambonz } from '@griot/connectors';
import { callHookPayload, SimulatedCall, wsLink, wsReconnect, type JambonzLink } from '@griot/connectors/voice/testing';
import { Flow } from '@griot/flows';
import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { startTwoInstances, TWO_INSTANCES_JAMBONZ_SECRET, type TwoInstances } from './helpers/twoInstances.ts';

/**
 * jambonz's retry of a webhook (`#rc=2&rp=ct,rt,5xx` on the application's URL) whose answer never
 * reached it: instance a took the hook, saved its turn, and died (kill -9) before its answer left;
 * jambonz sends the same hook again, which the balancer gives to instance b on the same store.
 * Before: b refused it (409 hook_replayed, the replay refusal) and the caller was cut off. Only the
 * call hook carries the fragment: an action hook (a gather) is never retried, and its copy is refused.
 */
interface Sent {
  path: string;
  body: string;
  signature: string;
}

const WS_AUTH = { username: 'jambonz-app', password: 'two-instances-ws-password' };

let operator: FakeOperator;
let pair: TwoInstances;

beforeAll(async () => {
  operator = await FakeOperator.start();
  pair = await startTwoInstances({ env: { GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`, ...OPERATOR_SECRET, JAMBONZ_WS_USERNAME: WS_AUTH.username, JAMBONZ_WS_PASSWORD: WS_AUTH.password } });
}, 120_000);
afterAll(async () => {
  await pair?.stop();
  await operator?.close();
});

async function send(to: 'a' | 'b', sent: Sent): Promise<{ status: number; text: string }> {
  const res = await fetch(`${pair[to].url}${sent.path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'jambonz-signature': sent.signature }, body: sent.body });
  return { status: res.status, text: await res.text() };
}

/**
 * jambonz sending a call's webhooks to `route()`'s instance. `loseNext(path)` makes the next hook
 * to that path lose its answer: a took it (and saved its turn), then is killed before jambonz has
 * the answer, and jambonz retries the same signed hook, which reaches b.
 */
function retryingLink(sent: Sent[], route: { to: 'a' | 'b'; lose?: string }): JambonzLink {
  const post = async (path: string, payload: Record<string, unknown>) => {
    const url = new URL(path, 'http://jambonz');
    const body = JSON.stringify(payload);
    const one: Sent = { path: `${url.pathname}${url.search}`, body, signature: signJambonz(TWO_INSTANCES_JAMBONZ_SECRET, body) };
    sent.push(one);
    let answer = await send(route.to, one);
    if (route.lose && one.path.startsWith(route.lose) && route.to === 'a') {
      route.lose = undefined;
      // The answer never left a: it died just after saving the turn. jambonz retries; the balancer picks b.
      await pair.a.process.kill9();
      route.to = 'b';
      answer = await send('b', one);
    }
    if (answer.status !== 200 && answer.status !== 204) throw new Error(`${path} answered ${answer.status}: ${answer.text}`);
    return answer.text === '' ? [] : (JSON.parse(answer.text) as unknown[]);
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

async function transcriptsOf(callSid: string): Promise<Array<{ sessionKey: string; endReason?: string; turns: unknown[] }>> {
  const listed = (await pair.b.admin.get('/api/transcripts?limit=50')).body as Array<{ sessionKey: string; endReason?: string; turns: unknown[] }>;
  return listed.filter((t) => t.sessionKey === `voice:${callSid}`);
}

/** A balance line: each « 1 » asks the operator's system, then back to the menu. */
const balanceLine = Flow.parse({
  schemaVersion: 2,
  id: 'retry-line',
  name: 'Retry line',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  variables: [{ name: 'balanceAirtime', type: 'number' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'hello', type: 'message', prompt: { fr: { text: 'Bienvenue sur la ligne solde.' } } },
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
    { id: 'e0', source: 'start', output: 'next', target: 'hello' },
    { id: 'e1', source: 'hello', output: 'next', target: 'menu' },
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

const LINE = '1921';

describe('a jambonz hook retried after the instance that took it died before answering', () => {
  beforeAll(async () => {
    expect((await pair.a.admin.post('/api/flows', { document: balanceLine })).status).toBe(201);
    expect((await pair.b.admin.post('/api/flows/retry-line/publish', { message: 'v1' })).status).toBe(201);
    expect((await pair.a.admin.post('/api/flows/retry-line/environments/production', { version: 1 })).status).toBe(200);
    expect((await pair.b.admin.post('/api/bindings', { channel: 'voice', address: LINE, flowId: 'retry-line', environment: 'production' })).status).toBe(201);
  }, 30_000);

  it('a gather (an action hook, which jambonz never retries): its copy on the other instance after the first died is refused (409), the balance not said, the operator asked once', async () => {
    const sent: Sent[] = [];
    const callSid = 'CA-retried-gather';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a', lose: '/jambonz/gather' };
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    expect(call.heard.join(' ')).toContain('Bienvenue sur la ligne solde.');
    const hits = operator.hits;
    const mark = call.heard.length;
    // a saves the turn and dies; the same hook reaches b. jambonz sends an action hook once (docs/configuration.md):
    // a copy is a replay, and no answer is kept past the call hook's turn (issue 17, perf27a: ~650 bytes a turn).
    await expect(call.press('1')).rejects.toThrow(/answered 409/);
    expect(route.to).toBe('b');
    expect(call.heardSince(mark)).not.toContain('1500');
    expect(operator.hits - hits).toBe(1);
    const gather = sent.findLast((s) => s.path === '/jambonz/gather')!;
    const again = await send('b', gather);
    expect(again.status, again.text).toBe(409);
    expect(again.text).not.toContain('1500');
  }, 60_000);

  it('the call hook: the other instance answers the retry with the greeting, no second contact; the final status on it is acknowledged', async () => {
    await pair.restart('a');
    const sent: Sent[] = [];
    const callSid = 'CA-retried-call-hook';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a', lose: '/jambonz/call' };
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    expect(route.to).toBe('b');
    expect(call.heard.join(' ')).toContain('Bienvenue sur la ligne solde.');
    expect(call.heard.join(' ')).toContain('Tapez 1 pour votre solde');
    // A third time on b: its first answer again (as for any call hook it answered), the contact not started again.
    const third = await send('b', sent[0]!);
    expect(third.status, third.text).toBe(200);
    expect(third.text).toContain('Bienvenue sur la ligne solde.');
    const hits = operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    expect(operator.hits - hits).toBe(1);
    await call.hangup();
    const status = sent.at(-1)!;
    expect(status.path).toBe('/jambonz/status');
    expect((await send('b', status)).status).toBe(204);
    // One contact, all its turns in it.
    const transcripts = await transcriptsOf(callSid);
    expect(transcripts.map((t) => t.endReason)).toEqual(['hangup']);
    expect(transcripts[0]!.turns.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('a WebSocket call: jambonz’s reconnect to the other instance gets the greeting the first never delivered, not an empty ack', async () => {
    await pair.restart('a');
    const payload = callHookPayload({ callSid: 'CA-retried-ws', from: '+2290197000001', to: LINE });
    const link = await wsLink(`${pair.a.url.replace(/^http/, 'ws')}/jambonz/ws`, { auth: WS_AUTH });
    try {
      // a takes session:new and saves the call's first turn; its ack is lost as it dies.
      await link.newCall(payload);
      await pair.a.process.kill9();
    } finally {
      link.close();
    }
    const verbs = await wsReconnect(`${pair.b.url.replace(/^http/, 'ws')}/jambonz/ws`, payload, { auth: WS_AUTH });
    expect(JSON.stringify(verbs)).toContain('Bienvenue sur la ligne solde.');
    expect(JSON.stringify(verbs)).toContain('Tapez 1 pour votre solde');
    expect((await transcriptsOf('CA-retried-ws')).length).toBe(1);
  }, 60_000);

  it('while the instance that answered lives, the same gather sent again to the other is still refused (409)', async () => {
    await pair.restart('a');
    const sent: Sent[] = [];
    const callSid = 'CA-replay-live-instance';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a' };
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    const hits = operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    const gather = sent.at(-1)!;
    const again = await send('b', gather);
    expect(again.status, again.text).toBe(409);
    expect(again.text).not.toContain('1500');
    expect(operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
  }, 60_000);
});
