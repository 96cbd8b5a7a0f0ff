import { describe, expect, it } from 'vitest';
import { VoiceCallHandler, type VoiceReply } from './voiceCallHandler.ts';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { callHookPayload, gatherDigits, queueResult, subsequentPayload } from './testing/jambonzPayloads.ts';

/**
 * sec26: Griot's state travels in jambonz's customerData, which jambonz signs with the account's
 * webhook secret but which anything able to tag a call in that account writes (the `tag` verb of
 * another application, the REST API's create-call `tag`). The conversation a hook drives must be
 * its own call's (`voice:<call_sid>`), never the one a customerData names: else one call drives,
 * hears and ends another live caller's conversation.
 */
const flow = voiceTestFlow();
const bindings = [{ id: 'b', flowId: flow.id, address: '1919', settings: { locale: 'en' } }];
const victim = { callSid: 'CA-victim', from: 'sip:+2290197000001@10.0.0.2:5060', to: 'sip:1919@10.0.0.11;user=phone' };
const intruder = { callSid: 'CA-intruder', from: 'sip:+2290197000002@10.0.0.2:5060', to: 'sip:1919@10.0.0.11;user=phone' };
const quiet = { info() {}, debug() {}, warn() {}, error() {} };
const tagOf = (reply: VoiceReply) => {
  const tag = reply.kind === 'verbs' ? reply.verbs.find((v) => v.verb === 'tag') : undefined;
  return tag?.verb === 'tag' ? (tag.data as Record<string, unknown>) : {};
};

describe('a jambonz hook drives its own call only (sec26)', () => {
  it("a call whose customerData names another call's session does not move that caller's conversation", async () => {
    const port = new FlowPort({ flow, bindings });
    const handler = new VoiceCallHandler({ conversations: port, bindings: port, logger: quiet });
    const victimTag = tagOf(await handler.handle({ hook: 'call', payload: callHookPayload(victim), transport: 'http' }));
    await handler.handle({ hook: 'call', payload: callHookPayload(intruder), transport: 'http' });
    const before = port.conversations.get('voice:CA-victim')?.session;
    expect(before?.status).toBe('active');
    // The intruder's call, tagged with the victim's state, presses « 2 » (English) at the language menu.
    await handler.handle({ hook: 'gather', payload: subsequentPayload(intruder, victimTag, gatherDigits('2')), transport: 'http' }).catch(() => undefined);
    const after = port.conversations.get('voice:CA-victim')?.session;
    expect(after?.turns).toBe(before?.turns);
    expect(after?.locale).toBe(before?.locale);
  });

  it("a call whose customerData names another call's session does not end that caller's conversation", async () => {
    const port = new FlowPort({ flow, bindings });
    const handler = new VoiceCallHandler({ conversations: port, bindings: port, logger: quiet });
    const victimTag = tagOf(await handler.handle({ hook: 'call', payload: callHookPayload(victim), transport: 'http' }));
    await handler.handle({ hook: 'call', payload: callHookPayload(intruder), transport: 'http' });
    // The intruder's queue action says « hangup » with the victim's state: the intruder's contact ends, not the victim's.
    await handler.handle({ hook: 'queueAction', payload: subsequentPayload(intruder, victimTag, queueResult('hangup')), transport: 'http' });
    expect(port.ended.has('voice:CA-victim')).toBe(false);
    expect(port.ended.get('voice:CA-intruder')).toBe('hangup');
  });

  it('a call still reads its own state', async () => {
    const port = new FlowPort({ flow, bindings });
    const handler = new VoiceCallHandler({ conversations: port, bindings: port, logger: quiet });
    const tag = tagOf(await handler.handle({ hook: 'call', payload: callHookPayload(victim), transport: 'http' }));
    const reply = await handler.handle({ hook: 'gather', payload: subsequentPayload(victim, tag, gatherDigits('2')), transport: 'http' });
    expect(reply.kind).toBe('verbs');
    expect(port.conversations.get('voice:CA-victim')?.session.locale).toBe('en');
  });
});
