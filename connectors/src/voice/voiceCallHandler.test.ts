import { describe, expect, it } from 'vitest';
import { VoiceCallHandler } from './voiceCallHandler.ts';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { callHookPayload, gatherDigits, subsequentPayload } from './testing/jambonzPayloads.ts';
import type { ConversationPort } from '../channel/ConversationPort.ts';

const flow = voiceTestFlow();
const bindings = [{ id: 'b', flowId: flow.id, address: '1919', settings: { locale: 'en' } }];
const call = { callSid: 'CA-h', from: 'sip:+2290197000001@10.0.0.2:5060', to: 'sip:1919@10.0.0.11;user=phone' };
const logged: string[] = [];
const logger = { info() {}, debug() {}, warn: (d: Record<string, unknown>) => logged.push(String(d.reason)), error: (d: Record<string, unknown>) => logged.push(String(d.reason)) };

describe('VoiceCallHandler', () => {
  it('reads numbers given as SIP URIs', async () => {
    const port = new FlowPort({ flow, bindings });
    const reply = await new VoiceCallHandler({ conversations: port, bindings: port }).handle({ hook: 'call', payload: callHookPayload(call), transport: 'http' });
    expect(reply.kind).toBe('verbs');
    expect(port.conversations.get('voice:CA-h')?.session.caller.number).toBe('+2290197000001');
  });

  // The account's own English voice (from the first request's defaults) speaks it.
  it("apologises in the binding's language when the engine fails to start the call", async () => {
    const failing: ConversationPort = {
      ...new FlowPort({ flow, bindings }),
      start: async () => {
        throw new Error('disk full');
      },
      handle: async () => ({ status: 'missing' }),
      awaitPending: async () => null,
      end: async () => undefined,
    };
    const reply = await new VoiceCallHandler({ conversations: failing, bindings: new FlowPort({ flow, bindings }), logger }).handle({ hook: 'call', payload: callHookPayload(call), transport: 'ws' });
    expect(reply).toEqual({
      kind: 'verbs',
      verbs: [{ verb: 'say', text: expect.stringContaining('We are sorry'), synthesizer: { vendor: 'google', language: 'en-GB', voice: 'en-GB-Standard-A' } }, { verb: 'hangup' }],
    });
    expect(logged).toContain('internalError');
  });

  it('answers with an apology before jambonz would give up, when the engine is stuck', async () => {
    const port = new FlowPort({ flow, bindings });
    const handler = new VoiceCallHandler({ conversations: port, bindings: port, logger });
    const started = await handler.handle({ hook: 'call', payload: callHookPayload(call), transport: 'http' });
    const tag = started.kind === 'verbs' ? started.verbs.find((v) => v.verb === 'tag') : undefined;
    port.handle = () => new Promise(() => {});
    const payload = subsequentPayload(call, tag?.verb === 'tag' ? tag.data : {}, gatherDigits('1'));
    const reply = await handler.handleWithin({ hook: 'gather', payload, transport: 'http' }, 50);
    expect(reply).toMatchObject({ kind: 'verbs', verbs: [{ verb: 'say' }, { verb: 'hangup' }] });
    expect(logged).toContain('deadline');
    // The caller was told goodbye on a failure: the contact ends on an error, not as a hang-up.
    expect(port.ended.get('voice:CA-h')).toBe('error');
  });
});
