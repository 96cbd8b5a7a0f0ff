import { describe, expect, it } from 'vitest';
import type { Effect, HandoffEffect, Session } from '@griot/flows';
import { renderTurn, type RenderContext, type TurnView } from './renderTurn.ts';
import { hookUrls } from './hooks.ts';
import { VoiceSettings } from '@griot/flows';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { assertJambonzAccepts } from './testing/jambonzOracles.ts';
import { customerDataWith, readCallState, type CallState } from './callState.ts';

const flow = voiceTestFlow();
const session = (over: Partial<Session> = {}): TurnView['session'] => ({ locale: 'fr', flowId: 'voice-test', flowVersion: 3, status: 'active', wait: null, ...over });
const state = (over: Partial<CallState> = {}): CallState => ({
  v: 1,
  session: 'voice:CA1',
  binding: 'b1',
  locale: 'fr',
  defaults: { tts: { vendor: 'microsoft', language: 'en-GB' }, asr: { vendor: 'microsoft' } },
  ...over,
});
const context = (over: Partial<RenderContext> = {}): RenderContext => ({
  state: state(),
  first: false,
  settings: VoiceSettings.parse({}),
  hooks: hookUrls(),
  audioBase: 'https://griot.example/audio',
  ...over,
});
const view = (effects: Effect[], over: Partial<TurnView> = {}): TurnView => ({ effects, session: session(), locales: flow.locales, pending: false, ...over });
const handoff: HandoffEffect = {
  type: 'handoff',
  node: 'handoff',
  queue: 'support-fr',
  priority: 1,
  reason: 'Assistance PUK',
  context: { callerNumber: '+2290197000001', locale: 'fr', channel: 'voice', reason: 'Assistance PUK', flowId: 'voice-test', flowVersion: 3, path: ['menu', 'handoff'], variables: { segment: 'vip' } },
};

describe('renderTurn', () => {
  it('configures the voice and recognizer of the opening locale on the first turn and tags the call', () => {
    const { verbs, state: next } = renderTurn(
      view([
        { type: 'say', node: 'menu', locale: 'fr', text: 'Bonjour.' },
        { type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', timeoutSeconds: 8, bargeIn: true, speech: true, hints: ['Solde'], retry: 0, minDigits: 1, maxDigits: 1 },
      ]),
      context({ first: true, customerData: { crm: 'x' } }),
    );
    expect(verbs[0]).toEqual({
      verb: 'config',
      synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' },
      recognizer: { vendor: 'google', language: 'fr-FR' },
    });
    expect(verbs[1]).toMatchObject({ verb: 'tag', data: { crm: 'x', griot: { session: 'voice:CA1', flow: 'voice-test', flowVersion: 3, locale: 'fr', node: 'menu' } } });
    expect(verbs[2]).toMatchObject({ verb: 'gather', input: ['digits', 'speech'], say: { text: 'Bonjour.' }, recognizer: { hints: ['Solde'] } });
    expect(next.speak).toEqual({ locale: 'fr', synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' } });
    assertJambonzAccepts(verbs);
  });

  it('takes the vendor from the binding settings over the flow', () => {
    const { verbs } = renderTurn(
      view([{ type: 'say', node: 'x', locale: 'fr', text: 'a' }], { session: session({ status: 'ended' }) }),
      context({ first: true, settings: VoiceSettings.parse({ tts: { vendor: 'elevenlabs', label: 'operator' } }) }),
    );
    expect(verbs[0]).toMatchObject({ verb: 'config', synthesizer: { vendor: 'elevenlabs', label: 'operator', language: 'fr-FR' } });
  });

  it('switches voice and recognition when the caller chooses another language', () => {
    const { verbs, state: next } = renderTurn(
      view(
        [
          { type: 'locale', locale: 'en' },
          { type: 'say', node: 'menu', locale: 'en', text: 'Press 1.' },
          { type: 'ask', node: 'menu', kind: 'choice', locale: 'en', timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0, minDigits: 1, maxDigits: 1 },
        ],
        { session: session({ locale: 'en' }) },
      ),
      context(),
    );
    // The tag comes first; English has a voice but no recognition here: the account's recognizer is not forced on it.
    expect(verbs.map((v) => v.verb)).toEqual(['tag', 'config', 'gather']);
    expect(verbs[1]).toEqual({ verb: 'config', synthesizer: { vendor: 'google', language: 'en-GB' } });
    expect(next.locale).toBe('en');
    assertJambonzAccepts(verbs);
  });

  it('plays the wait prompt of a slow look-up (the engine adds it after the webhook), and nothing else waits', () => {
    const waitPrompt = { type: 'say', node: 'lookup', locale: 'fr', text: 'Un instant.' } as const;
    const { verbs } = renderTurn(view([{ type: 'webhook', node: 'lookup', method: 'GET', url: '/x', headers: {}, timeoutMs: 6000, retries: 0, waitPrompt }, waitPrompt], { pending: true }), context());
    expect(verbs).toEqual([expect.objectContaining({ verb: 'tag' }), { verb: 'say', text: 'Un instant.' }]);
  });

  it('does not play the wait prompt when the answer came within the budget', () => {
    const { verbs } = renderTurn(
      view(
        [
          { type: 'webhook', node: 'lookup', method: 'GET', url: '/x', headers: {}, timeoutMs: 6000, retries: 0, waitPrompt: { type: 'say', node: 'lookup', locale: 'fr', text: 'Un instant.' } },
          { type: 'say', node: 'readPuk', locale: 'fr', text: 'Votre code est 1, 2.' },
          { type: 'end', node: 'bye', reason: 'served' },
        ],
        { session: session({ status: 'ended' }) },
      ),
      context({ state: state({ node: 'lookup' }) }),
    );
    expect(verbs.filter((v) => v.verb !== 'tag')).toEqual([{ verb: 'say', text: 'Votre code est 1, 2.' }, { verb: 'hangup' }]);
  });

  it('enqueues a handoff with its priority and hooks, after the handoff prompt', () => {
    const { verbs, state: next } = renderTurn(
      view([{ type: 'say', node: 'handoff', locale: 'fr', text: 'Je vous passe un conseiller.' }, handoff], { session: session({ status: 'handoff' }) }),
      context({ settings: VoiceSettings.parse({ queueMaxWaitSeconds: 120 }) }),
    );
    expect(verbs.slice(1)).toEqual([
      { verb: 'say', text: 'Je vous passe un conseiller.' },
      { verb: 'enqueue', name: 'support-fr', priority: 1, waitHook: '/jambonz/queue-wait', actionHook: '/jambonz/queue-action' },
    ]);
    expect(next.queue).toEqual({ name: 'support-fr', priority: 1, maxWaitSeconds: 120, announceSeconds: 20, speech: true });
    // The agent's side reads the context from customerData.
    expect(verbs[0]).toMatchObject({ verb: 'tag', data: { griot: { handoff: { reason: 'Assistance PUK', callerNumber: '+2290197000001', variables: { segment: 'vip' } } } } });
    assertJambonzAccepts(verbs);
  });

  it('dials the contact centre with the context in X- headers when the binding says sip', () => {
    const settings = VoiceSettings.parse({ handoff: { mode: 'sip', sipUri: 'sip:agents@acd.operator.bj', timeout: 30 } });
    const { verbs } = renderTurn(view([handoff], { session: session({ status: 'handoff' }) }), context({ settings }));
    expect(verbs.at(-1)).toEqual({
      verb: 'dial',
      target: [{ type: 'sip', sipUri: 'sip:agents@acd.operator.bj' }],
      headers: {
        'X-Griot-Caller': '+2290197000001',
        'X-Griot-Locale': 'fr',
        'X-Griot-Reason': 'Assistance PUK',
        'X-Griot-Queue': 'support-fr',
        'X-Griot-Flow': 'voice-test@3',
        'X-Griot-Session': 'voice:CA1',
        'X-Griot-Segment': 'vip',
      },
      actionHook: '/jambonz/dial-action',
      timeout: 30,
    });
    assertJambonzAccepts(verbs);
  });

  it('apologises before hanging up when the flow ends in error', () => {
    const { verbs, ends } = renderTurn(view([{ type: 'end', reason: 'error' }], { session: session({ status: 'ended' }) }), context());
    expect(ends).toBe(true);
    expect(verbs.filter((v) => v.verb !== 'tag')).toEqual([
      { verb: 'say', text: expect.stringContaining('désolés'), synthesizer: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' } },
      { verb: 'hangup' },
    ]);
  });

  it('hangs up after the last prompts', () => {
    const { verbs } = renderTurn(
      view(
        [
          { type: 'say', node: 'bye', locale: 'fr', text: 'Au revoir.' },
          { type: 'end', node: 'bye', reason: 'served' },
        ],
        { session: session({ status: 'ended' }) },
      ),
      context(),
    );
    expect(verbs.slice(-2)).toEqual([{ verb: 'say', text: 'Au revoir.' }, { verb: 'hangup' }]);
  });

  it('sends no new call state with the answer that hangs up: nothing reads it after', () => {
    // The turn changed the state (its number, its node): any other answer would tag it.
    const bye = renderTurn(
      view(
        [
          { type: 'say', node: 'bye', locale: 'fr', text: 'Au revoir.' },
          { type: 'end', node: 'bye', reason: 'served' },
        ],
        { session: session({ status: 'ended', turns: 2 }) },
      ),
      context({ state: state({ node: 'menu', turn: 1 }), customerData: { crm: 'x' } }),
    );
    expect(bye.verbs).toEqual([{ verb: 'say', text: 'Au revoir.' }, { verb: 'hangup' }]);
    expect(bye.ends).toBe(true);
    // A first turn that hangs up at once: its config, its words, no tag.
    const closed = renderTurn(
      view(
        [
          { type: 'say', node: 'closed', locale: 'fr', text: 'Fermé.' },
          { type: 'end', node: 'closed', reason: 'served' },
        ],
        { session: session({ status: 'ended', turns: 1 }) },
      ),
      context({ first: true }),
    );
    expect(closed.verbs.map((v) => v.verb)).toEqual(['config', 'say', 'hangup']);
    // An answer that goes on (a menu) still carries its new state.
    const menu = renderTurn(
      view([{ type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', timeoutSeconds: 8, bargeIn: false, speech: false, hints: [], retry: 1 }], { session: session({ turns: 2 }) }),
      context({ state: state({ node: 'menu', turn: 1 }) }),
    );
    expect(menu.verbs[0]).toMatchObject({ verb: 'tag', data: { griot: { turn: 2 } } });
  });

  it('leaves the call state alone (no tag) when nothing changed', () => {
    const first = renderTurn(view([{ type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', timeoutSeconds: 8, bargeIn: false, speech: false, hints: [], retry: 1 }]), context());
    // The state as jambonz sends it back in customerData, read again.
    const carried = readCallState(customerDataWith({}, first.state), 'CA1') as CallState;
    const again = renderTurn(
      view([
        { type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1.' },
        { type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', timeoutSeconds: 8, bargeIn: false, speech: false, hints: [], retry: 1 },
      ]),
      context({ state: carried }),
    );
    // Without barge-in the prompt plays before the gather, which then only listens.
    expect(again.verbs).toEqual([
      { verb: 'say', text: 'Tapez 1.' },
      { verb: 'gather', actionHook: '/jambonz/gather', input: ['digits'], timeout: 8, numDigits: 1 },
    ]);
  });
});
