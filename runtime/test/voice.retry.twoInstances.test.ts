import { beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { callHookPayload, deliveredHttpLink, SimulatedCall, wsLink, wsReconnect, type JambonzLink, type SentHook } from '@griot/connectors/voice/testing';
import { BALANCE_LOOKUP, balanceLine, putOnLine, resend, transcriptsOf, useOperatorPair } from './helpers/balanceLinePair.ts';
import { TWO_INSTANCES_JAMBONZ_SECRET } from './helpers/twoInstances.ts';

/**
 * jambonz's retry of a webhook (`#rc=2&rp=ct,rt,5xx` on the application's URL) whose answer never
 * reached it: instance a took the hook, saved its turn, and died (kill -9) before its answer left;
 * jambonz sends the same hook again, which the balancer gives to instance b on the same store.
 * Before: b refused it (409 hook_replayed, the replay refusal) and the caller was cut off. Only the
 * call hook carries the fragment: an action hook (a gather) is never retried, and its copy is refused.
 */
const WS_AUTH = { username: 'jambonz-app', password: 'two-instances-ws-password' };

/** Shared by both instances: a closed line's goodbye that says the balance is kept for the retry sealed with it (none without a key). */
const DATA_KEY = `k1:${Buffer.alloc(32, 9).toString('base64')}`;

const both = useOperatorPair({ JAMBONZ_WS_USERNAME: WS_AUTH.username, JAMBONZ_WS_PASSWORD: WS_AUTH.password, GRIOT_DATA_KEY: DATA_KEY });

const send = (to: 'a' | 'b', hook: SentHook) => resend(both.pair, to, hook);

/**
 * jambonz sending a call's webhooks to `route()`'s instance. `loseNext(path)` makes the next hook
 * to that path lose its answer: a took it (and saved its turn), then is killed before jambonz has
 * the answer, and jambonz retries the same signed hook, which reaches b.
 */
function retryingLink(sent: SentHook[], route: { to: 'a' | 'b'; lose?: string }): JambonzLink {
  return deliveredHttpLink(TWO_INSTANCES_JAMBONZ_SECRET, async (hook) => {
    sent.push(hook);
    const answer = await send(route.to, hook);
    if (!route.lose || !hook.path.startsWith(route.lose) || route.to !== 'a') return answer;
    route.lose = undefined;
    // The answer never left a: it died just after saving the turn. jambonz retries; the balancer picks b.
    await both.pair.a.process.kill9();
    route.to = 'b';
    return send('b', hook);
  });
}

const contactsOf = (callSid: string) => transcriptsOf(both.pair.b.admin, callSid);

/** A balance line: each « 1 » asks the operator's system, then back to the menu. */
const retryLine = balanceLine('retry-line', 'Retry line', 'Bienvenue sur la ligne solde.');

const LINE = '1921';

/**
 * A closed line: its first turn asks the operator's system, says that the offices are closed (and the
 * balance), and hangs up, all on the call hook.
 */
const closedLine = Flow.parse({
  schemaVersion: 2,
  id: 'closed-line',
  name: 'Closed line',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  // Said not sensitive (a look-up's answer is by default, and a goodbye saying a masked value is never kept for a retry).
  variables: [{ name: 'balanceAirtime', type: 'number', keptInClear: true }],
  nodes: [
    { id: 'start', type: 'start' },
    BALANCE_LOOKUP,
    { id: 'closed', type: 'message', prompt: { fr: { text: 'Nos bureaux sont fermés. Votre crédit est de {{balanceAirtime}} francs CFA. Au revoir.' } } },
    { id: 'bye', type: 'end', reason: 'closed' },
  ],
  edges: [
    { id: 'e0', source: 'start', output: 'next', target: 'lookup' },
    { id: 'e1', source: 'lookup', output: 'ok', target: 'closed' },
    { id: 'e2', source: 'lookup', output: 'notFound', target: 'closed' },
    { id: 'e3', source: 'lookup', output: 'error', target: 'closed' },
    { id: 'e4', source: 'lookup', output: 'timeout', target: 'closed' },
    { id: 'e5', source: 'closed', output: 'next', target: 'bye' },
  ],
});

const CLOSED_LINE = '1922';

describe('a jambonz hook retried after the instance that took it died before answering', () => {
  beforeAll(async () => {
    await putOnLine(both.pair, retryLine, LINE);
    await putOnLine(both.pair, closedLine, CLOSED_LINE);
  }, 30_000);

  it('a gather (an action hook, which jambonz never retries): its copy on the other instance after the first died is refused (409), the balance not said, the operator asked once', async () => {
    const sent: SentHook[] = [];
    const callSid = 'CA-retried-gather';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a', lose: '/jambonz/gather' };
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    expect(call.heard.join(' ')).toContain('Bienvenue sur la ligne solde.');
    const hits = both.operator.hits;
    const mark = call.heard.length;
    // a saves the turn and dies; the same hook reaches b. jambonz sends an action hook once (docs/configuration.md):
    // a copy is a replay, and no answer is kept past the call hook's turn (issue 17, perf27a: ~650 bytes a turn).
    await expect(call.press('1')).rejects.toThrow(/answered 409/);
    expect(route.to).toBe('b');
    expect(call.heardSince(mark)).not.toContain('1500');
    expect(both.operator.hits - hits).toBe(1);
    const gather = sent.findLast((s) => s.path === '/jambonz/gather')!;
    const again = await send('b', gather);
    expect(again.status, again.text).toBe(409);
    expect(again.text).not.toContain('1500');
  }, 60_000);

  it('the call hook: the other instance answers the retry with the greeting, no second contact; the final status on it is acknowledged', async () => {
    await both.pair.restart('a');
    const sent: SentHook[] = [];
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
    const hits = both.operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    expect(both.operator.hits - hits).toBe(1);
    await call.hangup();
    const status = sent.at(-1)!;
    expect(status.path).toBe('/jambonz/status');
    expect((await send('b', status)).status).toBe(204);
    // One contact, all its turns in it.
    const transcripts = await contactsOf(callSid);
    expect(transcripts.map((t) => t.endReason)).toEqual(['hangup']);
    expect(transcripts[0]!.turns.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the call hook of a call its first turn ends (a closed line): the retry on the other instance says the goodbye, the turn not run again; a copy after it is refused', async () => {
    await both.pair.restart('a');
    const sent: SentHook[] = [];
    const callSid = 'CA-retried-closed-line';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a', lose: '/jambonz/call' };
    const hits = both.operator.hits;
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: CLOSED_LINE });
    // a saved the turn that ends the call and died; jambonz's retry reaches b. Before: 409, jambonz's SIP 480, no goodbye.
    await call.start();
    expect(route.to).toBe('b');
    expect(call.heard.join(' ')).toContain('Nos bureaux sont fermés. Votre crédit est de 1500 francs CFA. Au revoir.');
    expect(call.ended).toBe(true);
    // The operator's system was asked once, by a: the retry ran nothing.
    expect(both.operator.hits - hits).toBe(1);
    // A third time on b: its answer again, as for any call hook it answered, nothing run.
    const third = await send('b', sent[0]!);
    expect(third.status, third.text).toBe(200);
    expect(third.text).toContain('Nos bureaux sont fermés.');
    await call.hangup();
    expect((await send('b', sent.at(-1)!)).status).toBe(204);
    // Given by b once, claimed in the store: a copy on a, started again, is refused, the goodbye not in it.
    await both.pair.restart('a');
    const copy = await send('a', sent[0]!);
    expect(copy.status, copy.text).toBe(409);
    expect(copy.text).not.toContain('1500');
    expect(both.operator.hits - hits).toBe(1);
    // One contact, its one turn.
    const transcripts = await contactsOf(callSid);
    expect(transcripts).toHaveLength(1);
    expect(transcripts[0]!.turns).toHaveLength(1);
  }, 60_000);

  it('a WebSocket call: jambonz’s reconnect to the other instance gets the greeting the first never delivered, not an empty ack', async () => {
    await both.pair.restart('a');
    const payload = callHookPayload({ callSid: 'CA-retried-ws', from: '+2290197000001', to: LINE });
    const link = await wsLink(`${both.pair.a.url.replace(/^http/, 'ws')}/jambonz/ws`, { auth: WS_AUTH });
    try {
      // a takes session:new and saves the call's first turn; its ack is lost as it dies.
      await link.newCall(payload);
      await both.pair.a.process.kill9();
    } finally {
      link.close();
    }
    const verbs = await wsReconnect(`${both.pair.b.url.replace(/^http/, 'ws')}/jambonz/ws`, payload, { auth: WS_AUTH });
    expect(JSON.stringify(verbs)).toContain('Bienvenue sur la ligne solde.');
    expect(JSON.stringify(verbs)).toContain('Tapez 1 pour votre solde');
    expect((await contactsOf('CA-retried-ws')).length).toBe(1);
  }, 60_000);

  it('while the instance that answered lives, the same gather sent again to the other is still refused (409)', async () => {
    await both.pair.restart('a');
    const sent: SentHook[] = [];
    const callSid = 'CA-replay-live-instance';
    const route: { to: 'a' | 'b'; lose?: string } = { to: 'a' };
    const call = new SimulatedCall(retryingLink(sent, route), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    const hits = both.operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    const gather = sent.at(-1)!;
    const again = await send('b', gather);
    expect(again.status, again.text).toBe(409);
    expect(again.text).not.toContain('1500');
    expect(both.operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
  }, 60_000);
});
