import { beforeAll, describe, expect, it } from 'vitest';
import { deliveredHttpLink, sendHook, SimulatedCall, type JambonzLink, type SentHook } from '@griot/connectors/voice/testing';
import { balanceLine, putOnLine, resend, transcriptsOf, useOperatorPair } from './helpers/balanceLinePair.ts';
import { TWO_INSTANCES_JAMBONZ_SECRET } from './helpers/twoInstances.ts';

/**
 * A signed jambonz hook replayed within the signature's tolerance (its `t`, `v1` and body as they
 * were), on the instance that answered it or on another one sharing the store.
 */
const both = useOperatorPair();

/**
 * jambonz's webhooks to instance a (or to the instance `pick` names for each, as a balancer
 * spreading a call's hooks), each kept as it was sent (path, body, signature) to be sent again.
 */
function recordingLink(sent: SentHook[], pick: (index: number) => 'a' | 'b' = () => 'a'): JambonzLink {
  return deliveredHttpLink(TWO_INSTANCES_JAMBONZ_SECRET, (hook) => {
    const to = both.pair[pick(sent.length)].url;
    sent.push(hook);
    return sendHook(to, hook);
  });
}

const replay = (to: 'a' | 'b', hook: SentHook) => resend(both.pair, to, hook);
const contactsOf = (callSid: string) => transcriptsOf(both.pair.a.admin, callSid);

const LINE = '1920';

describe('a signed jambonz hook replayed within the signature’s tolerance', () => {
  beforeAll(() => putOnLine(both.pair, balanceLine('balance-line', 'Balance line'), LINE), 30_000);

  for (const to of ['a', 'b'] as const) {
    it(`on ${to === 'a' ? 'the instance that answered it' : 'another instance'}: the gather is refused (409), the operator is not asked again, the call goes on where it was`, async () => {
      const sent: SentHook[] = [];
      const callSid = `CA-replayed-gather-${to}`;
      const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
      await call.start();
      const hits = both.operator.hits;
      await call.press('1');
      expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
      expect(both.operator.hits - hits).toBe(1);
      const balanceGather = sent.at(-1)!;
      expect(balanceGather.path).toBe('/jambonz/gather');

      const again = await replay(to, balanceGather);
      expect(again.status, again.text).toBe(409);
      expect(JSON.parse(again.text)).toMatchObject({ error: { code: 'hook_replayed' } });
      expect(again.text).not.toContain('1500');
      // The operator's system was asked once, and the transcript has the turns the caller took, no more.
      expect(both.operator.hits - hits).toBe(1);
      const [transcript] = await contactsOf(callSid);
      const turns = transcript!.turns.length;

      // The caller, still on the call, goes on from the menu as before.
      const mark = call.heard.length;
      await call.press('2');
      expect(call.heardSince(mark)).not.toContain('Service indisponible');
      await call.hangup();
      const after = await contactsOf(callSid);
      expect(after).toHaveLength(1);
      expect(after[0]!.turns.length).toBeGreaterThan(turns);
      expect(after[0]!.endReason).toBe('done');
    }, 30_000);
  }

  it('a slow look-up’s redirect (continue) sent again once the call is past it: refused (409), the live call is not moved on', async () => {
    const sent: SentHook[] = [];
    const callSid = 'CA-replayed-continue';
    const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    both.operator.delayMs = 3000;
    try {
      await call.press('1'); // past the 2.5 s budget: « Un instant » then the continue hook
    } finally {
      both.operator.delayMs = 0;
    }
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    const continued = sent.find((s) => s.path.startsWith('/jambonz/continue'));
    expect(continued).toBeDefined();
    const hits = both.operator.hits;

    for (const to of ['a', 'b'] as const) {
      const again = await replay(to, continued!);
      expect(again.status, again.text).toBe(409);
      expect(JSON.parse(again.text)).toMatchObject({ error: { code: 'hook_replayed' } });
    }
    // The caller, at the menu, still gets their balance (the menu's silence, « bye », was not run for them).
    const mark = call.heard.length;
    await call.press('1');
    expect(call.heardSince(mark)).toContain('Votre crédit est de 1500 francs CFA.');
    expect(both.operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
    expect((await contactsOf(callSid)).map((t) => t.endReason)).toEqual(['done']);
  }, 30_000);

  it('a call whose hooks a round-robin balancer spreads over both instances (a, b, a, b…): every key is answered, none refused', async () => {
    const sent: SentHook[] = [];
    const callSid = 'CA-round-robin';
    const call = new SimulatedCall(
      recordingLink(sent, (index) => (index % 2 === 0 ? 'a' : 'b')),
      { callSid, from: '+2290197000001', to: LINE },
    );
    await call.start(); // a
    const hits = both.operator.hits;
    await call.press('1'); // b: the balance, back at the menu
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    // a kept the session as its call hook left it: the key answers the menu b rendered since, not a replay.
    const mark = call.heard.length;
    await call.press('1'); // a
    expect(call.heardSince(mark)).toContain('Votre crédit est de 1500 francs CFA.');
    await call.press('1'); // b
    expect(both.operator.hits - hits).toBe(3);
    await call.press('2'); // a
    await call.hangup();
    expect((await contactsOf(callSid)).map((t) => t.endReason)).toEqual(['done']);
  }, 30_000);

  it('the call hook again on another instance is refused (409): the live contact is not replaced, no second transcript', async () => {
    const sent: SentHook[] = [];
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
    const hits = both.operator.hits;
    await call.press('1');
    expect(call.heard.join(' ')).toContain('Votre crédit est de 1500 francs CFA.');
    expect(both.operator.hits - hits).toBe(1);
    await call.press('2');
    await call.hangup();
    const transcripts = await contactsOf(callSid);
    expect(transcripts.map((t) => t.endReason)).toEqual(['done']);
    // Once over, the call hook replayed starts nothing either.
    expect((await replay('b', callHook)).status).toBe(409);
    expect(await contactsOf(callSid)).toHaveLength(1);
  }, 30_000);

  it('the final call status again, on either instance: acknowledged, nothing changes', async () => {
    const sent: SentHook[] = [];
    const callSid = 'CA-replayed-status';
    const call = new SimulatedCall(recordingLink(sent), { callSid, from: '+2290197000001', to: LINE });
    await call.start();
    await call.press('1');
    await call.hangup();
    const status = sent.at(-1)!;
    expect(status.path).toBe('/jambonz/status');
    const before = await contactsOf(callSid);
    expect(before.map((t) => t.endReason)).toEqual(['hangup']);
    for (const to of ['a', 'b'] as const) expect((await replay(to, status)).status).toBe(204);
    const after = await contactsOf(callSid);
    expect(after.map((t) => [t.endReason, t.turns.length])).toEqual(before.map((t) => [t.endReason, t.turns.length]));
  }, 30_000);
});
