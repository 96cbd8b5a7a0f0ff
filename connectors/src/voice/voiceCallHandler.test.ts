import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { VoiceCallHandler, type VoiceReply } from './voiceCallHandler.ts';
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

/** A line whose agent hands the caller back to the menu (a handoff's `done` → the menu again). */
const backToMenu = Flow.parse({
  schemaVersion: 2,
  id: 'back-to-menu',
  name: 'Back to the menu',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: null }],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'menu',
      type: 'menu',
      prompt: { fr: { text: 'Tapez 1 pour un conseiller, 2 pour terminer.' } },
      maxRetries: 0,
      options: [
        { id: 'agent', key: '1', label: { fr: 'conseiller' } },
        { id: 'end', key: '2', label: { fr: 'terminer' } },
      ],
    },
    { id: 'handoff', type: 'handoff', queue: 'support-fr', reason: 'conseiller' },
    { id: 'sorry', type: 'message', prompt: { fr: { text: 'Aucun conseiller.' } } },
    { id: 'bye', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'agent', target: 'handoff' },
    { id: 'e3', source: 'menu', output: 'end', target: 'bye' },
    { id: 'e4', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e5', source: 'menu', output: 'noMatch', target: 'bye' },
    { id: 'e6', source: 'handoff', output: 'done', target: 'menu' },
    { id: 'e7', source: 'handoff', output: 'unavailable', target: 'sorry' },
    { id: 'e8', source: 'handoff', output: 'callback', target: 'bye' },
    { id: 'e9', source: 'sorry', output: 'next', target: 'menu' },
  ],
});

describe('VoiceCallHandler: a hook for a turn the call is past', () => {
  const sid = { callSid: 'CA-back', from: '+2290197000001', to: '1919' };
  const tagOf = (reply: VoiceReply): Record<string, unknown> => {
    const tag = reply.kind === 'verbs' ? reply.verbs.find((v) => v.verb === 'tag') : undefined;
    return tag?.verb === 'tag' ? (tag.data as Record<string, unknown>) : {};
  };

  for (const [hook, result] of [
    ['queueAction', { queue_result: 'bridged', queue_sid: 'QU-1', queue_time: 30 }],
    ['dialAction', { dial_call_status: 'completed', dial_call_sid: 'CA-agent', call_status: 'in-progress' }],
  ] as const) {
    it(`${hook} sent again once the agent handed the caller back: refused, the caller's menu is not run again`, async () => {
      const port = new FlowPort({
        flow: backToMenu,
        bindings: [{ id: 'b', flowId: backToMenu.id, address: '1919', settings: hook === 'dialAction' ? { handoff: { mode: 'sip', sipUri: 'sip:agents@acd.operator.bj' } } : {} }],
      });
      const handler = new VoiceCallHandler({ conversations: port, bindings: port, logger });
      let data = tagOf(await handler.handle({ hook: 'call', payload: callHookPayload(sid), transport: 'http' }));
      const queued = await handler.handle({ hook: 'gather', payload: subsequentPayload(sid, data, gatherDigits('1')), transport: 'http' });
      expect(queued.kind === 'verbs' && queued.verbs.some((v) => v.verb === 'enqueue' || v.verb === 'dial')).toBe(true);
      data = tagOf(queued);
      const agentDone = subsequentPayload(sid, data, result);
      const back = await handler.handle({ hook, payload: agentDone, transport: 'http' });
      expect(JSON.stringify(back)).toContain('Tapez 1 pour un conseiller');
      data = tagOf(back);

      // The same hook again (a replay within the signature's 300 s): nothing runs.
      expect(await handler.handle({ hook, payload: agentDone, transport: 'http' })).toMatchObject({ kind: 'replayed' });
      // The caller, at the menu, presses 2: their goodbye, not a refusal (the menu was not taken by the replay).
      const bye = await handler.handle({ hook: 'gather', payload: subsequentPayload(sid, data, gatherDigits('2')), transport: 'http' });
      expect(bye).toMatchObject({ kind: 'verbs' });
      expect(port.conversations.get('voice:CA-back')?.session.endReason).toBe('done');
    });
  }
});
